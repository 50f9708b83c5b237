import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n';
import type { Category } from '../types';

interface CategoryOption {
  value: string;
  title: string;
  /** Name, code, keywords and the parent's name: what a search matches. */
  searchText: string;
  children?: CategoryOption[];
}

function toOptions(categories: readonly Category[]): CategoryOption[] {
  const active = categories.filter((category) => category.active);
  const byCode = new Map(active.map((category) => [category.code, category]));
  const option = (category: Category): CategoryOption => {
    const children = active.filter((child) => child.parentCode === category.code).sort((a, b) => a.sortOrder - b.sortOrder);
    const parent = category.parentCode ? byCode.get(category.parentCode) : undefined;
    return {
      value: category.code,
      title: category.name,
      searchText: [category.name, category.code, parent?.name ?? '', ...category.keywords].join(' ').toLowerCase(),
      children: children.length > 0 ? children.map(option) : undefined,
    };
  };
  return active.filter((category) => !category.parentCode || !byCode.has(category.parentCode)).map(option);
}

interface CategoryPickerProps {
  categories: readonly Category[];
  value?: string;
  onChange?(code: string): void;
  id?: string;
}

/** The taxonomy as a tree with search by name, code and keyword (typing 垃圾 finds 暴露垃圾 and 垃圾箱满溢). */
export function CategoryPicker({ categories, value, onChange, id }: CategoryPickerProps) {
  const { t } = useI18n();
  const options = useMemo(() => toOptions(categories), [categories]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={options}
      showSearch={{ filterTreeNode: (input, node) => (node as unknown as CategoryOption).searchText.includes(input.trim().toLowerCase()) }}
      placeholder={t.cases.report.categoryPlaceholder}
      style={{ width: '100%' }}
      listHeight={320}
      data-testid="category-picker"
    />
  );
}
