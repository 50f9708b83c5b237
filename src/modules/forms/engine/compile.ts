/**
 * Turns a form spec into the checked, nested structure that sessions evaluate:
 * groups and repeats become a tree, expressions are parsed and checked, choice
 * lists are indexed, and calculations are put in an order where everything an
 * expression reads is computed first. Every problem found is reported at once,
 * located by sheet, row, column and character.
 */
import { coerceAnswer, type AnswerValue, type ValueType } from './answers.js';
import { checkExpression, type ExpressionRole, type Reference } from './expression/check.js';
import { ExpressionError, NAME_PATTERN, parseExpression, type Expr } from './expression/parser.js';
import { FormSpecError, type SpecIssue } from './issues.js';
import {
  FORM_SUBJECTS,
  LANGUAGES,
  defaultRowLocator,
  parseSpecShape,
  surveyColumn,
  type ChoiceRow,
  type FormSettings,
  type FormSpec,
  type LocalizedText,
  type RowLocator,
  type SurveyRow,
} from './spec.js';
import { didYouMean } from './suggest.js';

/** What a registry field holds, so a binding can be checked against the question's type. */
export type RegistryFieldKind = 'text' | 'number' | 'date' | 'list';

export interface CompileOptions {
  /**
   * The registry fields forms may bind to. Without it any `entity.field` name
   * is accepted; with it, unknown fields and mismatched types are errors.
   */
  registryFields?: Readonly<Record<string, RegistryFieldKind>>;
  /** Where spec rows sit in the workbook they were read from (the XLSForm reader passes it). */
  locate?: RowLocator;
}

export interface Choice {
  name: string;
  label: LocalizedText;
  filters: Record<string, string>;
}

/** Label text split at `${field}` references, which are filled in with answers when shown. */
export type TemplatePart = string | { field: string };
export type Template = Partial<Record<(typeof LANGUAGES)[number], TemplatePart[]>>;

interface NodeBase {
  name: string;
  /** Index into spec.survey. */
  rowIndex: number;
  parent: GroupNode | RepeatNode | null;
  /** The innermost repeat this node is inside (not the node itself). */
  repeat: RepeatNode | null;
  relevant: Expr | null;
  label: Template;
  hint: Template;
  appearance: string | null;
}

export interface QuestionNode extends NodeBase {
  kind: 'question';
  type: ValueType;
  required: boolean | Expr;
  constraint: Expr | null;
  constraintMessage: Template;
  default: { literal: AnswerValue } | { expression: Expr } | null;
  /** The choice list of a select question. */
  choices: Choice[] | null;
  choiceFilter: Expr | null;
  registryField: string | null;
}

export interface CalculateNode extends NodeBase {
  kind: 'calculate';
  calculation: Expr;
}

export interface NoteNode extends NodeBase {
  kind: 'note';
}

export interface GroupNode extends NodeBase {
  kind: 'group';
  children: FormNode[];
}

export interface RepeatNode extends NodeBase {
  kind: 'repeat';
  children: FormNode[];
}

export type FormNode = QuestionNode | CalculateNode | NoteNode | GroupNode | RepeatNode;

export interface CompiledForm {
  spec: FormSpec;
  settings: FormSettings;
  /** The top level of the form, in order. */
  items: FormNode[];
  byName: ReadonlyMap<string, FormNode>;
  /** Every node, each after everything its relevance, calculation and default read. */
  evaluationOrder: FormNode[];
  /** Questions bound to registry fields. */
  bindings: QuestionNode[];
}

const REGISTRY_FIELD = /^[a-z][a-z_]*\.[a-z][a-z0-9_]*$/;
const COMPATIBLE_TYPES: Record<RegistryFieldKind, ValueType[]> = {
  text: ['text', 'select_one'],
  number: ['integer', 'decimal', 'select_one'],
  date: ['date'],
  list: ['select_multiple'],
};
/** Which survey columns mean something for each kind of row. */
const APPLICABLE: Record<FormNode['kind'], ReadonlySet<keyof SurveyRow>> = {
  question: new Set([
    'type', 'listName', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'constraintMessage',
    'default', 'choiceFilter', 'appearance', 'registryField',
  ]),
  calculate: new Set(['type', 'name', 'label', 'hint', 'relevant', 'calculation']),
  note: new Set(['type', 'name', 'label', 'hint', 'relevant', 'appearance']),
  group: new Set(['type', 'name', 'label', 'hint', 'relevant', 'appearance']),
  repeat: new Set(['type', 'name', 'label', 'hint', 'relevant', 'appearance']),
};
/**
 * A default is an expression when it reads an answer or calls a function
 * (a name directly followed by '('), as in pyxform; "N/A (none)" stays text.
 */
const DYNAMIC_DEFAULT = /\$\{|[A-Za-z][A-Za-z0-9-]*\(/;
const TEMPLATE_REFERENCE = /\$\{([^}]*)\}/g;

/** Checks and compiles a form definition; throws {@link FormSpecError} listing every problem. */
export function compileForm(input: unknown, options: CompileOptions = {}): CompiledForm {
  const locate = options.locate ?? defaultRowLocator;
  const shape = parseSpecShape(input, locate);
  if ('issues' in shape) throw new FormSpecError(shape.issues);
  return new Compiler(shape.spec, options, locate).compile();
}

/** Checks a form spec from JSON (the designer, the database) and returns it in canonical form; throws FormSpecError. */
export function parseFormSpec(input: unknown, options: Pick<CompileOptions, 'registryFields'> = {}): FormSpec {
  return compileForm(input, options).spec;
}

interface ChoiceList {
  choices: Choice[];
  /** Columns a choice_filter may read: name and the list's filter columns. */
  columns: Set<string>;
}

class Compiler {
  private readonly issues: SpecIssue[] = [];
  private readonly lists = new Map<string, ChoiceList>();
  private readonly byName = new Map<string, FormNode>();
  /** Names of the questions, groups and repeats each node's value depends on. */
  private readonly dependencies = new Map<FormNode, Set<string>>();
  private readonly nodes: FormNode[] = [];

  constructor(
    private readonly spec: FormSpec,
    private readonly options: CompileOptions,
    private readonly locate: RowLocator,
  ) {}

  compile(): CompiledForm {
    this.compileChoices();
    const items = this.buildTree();
    for (const node of this.nodes) this.compileExpressions(node);
    this.checkBindings();
    const evaluationOrder = this.issues.length ? [] : this.orderForEvaluation();
    if (this.issues.length) throw new FormSpecError(this.issuesInSheetOrder());
    return {
      spec: this.spec,
      settings: this.spec.settings,
      items,
      byName: this.byName,
      evaluationOrder,
      bindings: this.nodes.filter((node): node is QuestionNode => node.kind === 'question' && node.registryField !== null),
    };
  }

  /** Sheet by sheet and top to bottom, as an author works through them; a stable sort keeps columns left to right. */
  private issuesInSheetOrder(): SpecIssue[] {
    const sheetOrder = [null, 'settings', 'survey', 'choices'];
    return [...this.issues].sort((a, b) => sheetOrder.indexOf(a.sheet) - sheetOrder.indexOf(b.sheet) || (a.row ?? 0) - (b.row ?? 0));
  }

  private surveyIssue(index: number, property: keyof SurveyRow | null, message: string, language?: string, position?: number) {
    this.issues.push({
      sheet: 'survey',
      row: this.locate('survey', index),
      ...(property ? { column: surveyColumn(property, language) } : {}),
      ...(position === undefined ? {} : { position }),
      message,
    });
  }

  private compileChoices() {
    const firstRow = new Map<string, number>();
    this.spec.choices.forEach((row: ChoiceRow, index) => {
      const at = (column: string, message: string) =>
        this.issues.push({ sheet: 'choices', row: this.locate('choices', index), column, message });
      if (!NAME_PATTERN.test(row.listName)) at('list_name', `list name '${row.listName}' may contain only letters, digits and _`);
      // A select_multiple answer is stored as space-separated names, as in XForms.
      if (/\s/.test(row.name)) at('name', `choice name '${row.name}' may not contain spaces`);
      for (const column of Object.keys(row.filters ?? {})) {
        if (!NAME_PATTERN.test(column) || column === 'name' || column === 'label' || column === 'list_name') {
          at(column, `'${column}' cannot be a filter column: use a name of letters, digits and _ other than name, label, list_name`);
        }
      }
      let list = this.lists.get(row.listName);
      if (!list) {
        list = { choices: [], columns: new Set(['name']) };
        this.lists.set(row.listName, list);
      }
      const key = `${row.listName}\u0000${row.name}`;
      const first = firstRow.get(key);
      if (first !== undefined) {
        at('name', `choice '${row.name}' appears twice in list '${row.listName}' (first at row ${this.locate('choices', first)})`);
        return;
      }
      firstRow.set(key, index);
      list.choices.push({ name: row.name, label: row.label, filters: row.filters ?? {} });
      for (const column of Object.keys(row.filters ?? {})) list.columns.add(column);
    });
  }

  private buildTree(): FormNode[] {
    const items: FormNode[] = [];
    const open: Array<GroupNode | RepeatNode> = [];
    const childrenOf = () => (open.length ? open[open.length - 1].children : items);

    this.spec.survey.forEach((row, index) => {
      if (row.type === 'end_group' || row.type === 'end_repeat') {
        this.closeBlock(row, index, open);
        return;
      }
      const node = this.createNode(row, index, open[open.length - 1] ?? null);
      childrenOf().push(node);
      this.nodes.push(node);
      this.register(node);
      if (node.kind === 'group' || node.kind === 'repeat') open.push(node);
    });
    for (const block of open) {
      this.surveyIssue(block.rowIndex, 'type', `the ${block.kind} '${block.name}' is never closed: add an end_${block.kind} row`);
    }
    if (!this.nodes.some((node) => node.kind === 'question')) {
      this.issues.push({ sheet: 'survey', message: 'the form has no questions' });
    }
    return items;
  }

  private closeBlock(row: SurveyRow, index: number, open: Array<GroupNode | RepeatNode>) {
    const kind = row.type === 'end_group' ? 'group' : 'repeat';
    const block = open.pop();
    if (!block) {
      this.surveyIssue(index, 'type', `${row.type} has no matching begin_${kind}`);
    } else if (block.kind !== kind) {
      this.surveyIssue(
        index,
        'type',
        `${row.type} cannot close the ${block.kind} '${block.name}' opened at row ${this.locate('survey', block.rowIndex)}: ` +
          `use end_${block.kind}`,
      );
    } else if (row.name !== undefined && row.name !== block.name) {
      this.surveyIssue(index, 'name', `${row.type} names '${row.name}' but closes '${block.name}' (row ${this.locate('survey', block.rowIndex)})`);
    }
  }

  private createNode(row: SurveyRow, index: number, parent: GroupNode | RepeatNode | null): FormNode {
    const name = this.checkName(row, index);
    const repeat = parent === null ? null : parent.kind === 'repeat' ? parent : parent.repeat;
    const base: NodeBase = {
      name,
      rowIndex: index,
      parent,
      repeat,
      relevant: null,
      label: {},
      hint: {},
      appearance: row.appearance ?? null,
    };
    let node: FormNode;
    switch (row.type) {
      case 'begin_group':
        node = { ...base, kind: 'group', children: [] };
        break;
      case 'begin_repeat':
        node = { ...base, kind: 'repeat', children: [] };
        break;
      case 'note':
        node = { ...base, kind: 'note' };
        break;
      case 'calculate':
        if (row.calculation === undefined) this.surveyIssue(index, 'calculation', 'a calculate row needs a calculation');
        // Replaced by the parsed calculation; a form whose calculation is missing or wrong never compiles.
        node = { ...base, kind: 'calculate', calculation: { kind: 'string', value: '', start: 0 } };
        break;
      default:
        node = {
          ...base,
          kind: 'question',
          type: row.type as ValueType,
          required: false,
          constraint: null,
          constraintMessage: {},
          default: null,
          choices: this.choicesFor(row, index),
          choiceFilter: null,
          registryField: row.registryField ?? null,
        };
    }
    for (const property of Object.keys(row) as Array<keyof SurveyRow>) {
      if (!APPLICABLE[node.kind].has(property)) {
        const explanation = property === 'calculation' ? ': only calculate rows compute a value' : '';
        this.surveyIssue(index, property, `${surveyColumn(property)} does not apply to ${row.type} rows${explanation}`);
      }
    }
    if ((node.kind === 'question' || node.kind === 'note') && !row.label) {
      this.surveyIssue(index, 'label', `${withArticle(row.type)} needs a label (label::zh or label::en)`);
    }
    return node;
  }

  private checkName(row: SurveyRow, index: number): string {
    const name = row.name;
    if (name === undefined) {
      this.surveyIssue(index, 'name', `${withArticle(row.type)} row needs a name`);
      return '';
    }
    if (!NAME_PATTERN.test(name)) {
      this.surveyIssue(index, 'name', `name '${name}' may contain only letters, digits and _, and may not start with a digit`);
    } else if (name.startsWith('__')) {
      this.surveyIssue(index, 'name', `names starting with __ are reserved`);
    }
    const existing = this.byName.get(name);
    if (existing) {
      this.surveyIssue(index, 'name', `duplicate name '${name}': already used at row ${this.locate('survey', existing.rowIndex)}`);
    }
    return name;
  }

  private register(node: FormNode) {
    if (node.name !== '' && !this.byName.has(node.name)) this.byName.set(node.name, node);
  }

  private choicesFor(row: SurveyRow, index: number): Choice[] | null {
    const isSelect = row.type === 'select_one' || row.type === 'select_multiple';
    if (!isSelect) {
      if (row.listName !== undefined) this.surveyIssue(index, 'type', `only select_one and select_multiple take a choice list`);
      return null;
    }
    if (row.listName === undefined) {
      this.surveyIssue(index, 'type', `${row.type} needs a choice list: write '${row.type} LIST_NAME'`);
      return [];
    }
    const list = this.lists.get(row.listName);
    if (!list) {
      this.surveyIssue(
        index,
        'type',
        `choice list '${row.listName}' is not defined in the choices sheet${didYouMean(row.listName, this.lists.keys())}`,
      );
      return [];
    }
    return list.choices;
  }

  private compileExpressions(node: FormNode) {
    const row = this.spec.survey[node.rowIndex];
    const dependencies = new Set<string>();
    if (node.parent) dependencies.add(node.parent.name);
    this.dependencies.set(node, dependencies);
    const expression = (property: keyof SurveyRow, role: ExpressionRole, feedsValue: boolean): Expr | null => {
      const source = row[property];
      if (typeof source !== 'string') return null;
      return this.parseAndCheck(node, source, property, role, feedsValue ? dependencies : null);
    };

    // In the order of the survey columns, so problems read left to right.
    node.label = this.template(node, row.label, 'label');
    node.hint = this.template(node, row.hint, 'hint');
    if (node.kind === 'question') node.required = this.requiredOf(node, row);
    node.relevant = expression('relevant', 'relevant', true);
    if (node.kind === 'calculate') {
      node.calculation = expression('calculation', 'calculation', true) ?? node.calculation;
    }
    if (node.kind !== 'question') return;

    node.constraint = expression('constraint', 'constraint', false);
    node.constraintMessage = this.template(node, row.constraintMessage, 'constraintMessage');
    if (row.default !== undefined) node.default = this.defaultOf(node, row.default, dependencies);
    if (row.choiceFilter !== undefined && node.choices) {
      const list = row.listName ? this.lists.get(row.listName) : undefined;
      node.choiceFilter = this.parseAndCheck(node, row.choiceFilter, 'choiceFilter', 'choice_filter', null, list?.columns);
    } else if (row.choiceFilter !== undefined) {
      this.surveyIssue(node.rowIndex, 'choiceFilter', 'choice_filter applies only to select_one and select_multiple');
    }
  }

  private requiredOf(node: QuestionNode, row: SurveyRow): boolean | Expr {
    const text = row.required;
    if (text === undefined) return false;
    const word = text.toLowerCase();
    if (word === 'yes' || word === 'true' || word === 'true()') return true;
    if (word === 'no' || word === 'false' || word === 'false()') return false;
    return this.parseAndCheck(node, text, 'required', 'required', null) ?? false;
  }

  private defaultOf(node: QuestionNode, text: string, dependencies: Set<string>): QuestionNode['default'] {
    if (DYNAMIC_DEFAULT.test(text)) {
      const expression = this.parseAndCheck(node, text, 'default', 'default', dependencies);
      return expression ? { expression } : null;
    }
    const coerced = coerceAnswer(node.type, text);
    if (!coerced.ok || coerced.value === null) {
      this.surveyIssue(node.rowIndex, 'default', `default '${text}' is not a valid ${node.type} answer`);
      return null;
    }
    const unknown = this.unknownChoices(node, coerced.value);
    if (unknown.length) {
      this.surveyIssue(node.rowIndex, 'default', `default '${text}' is not in the choice list: ${unknown.join(', ')}`);
      return null;
    }
    return { literal: coerced.value };
  }

  private unknownChoices(node: QuestionNode, value: AnswerValue): string[] {
    if (!node.choices) return [];
    const names = new Set(node.choices.map((choice) => choice.name));
    const selected = Array.isArray(value) ? value : [String(value)];
    return selected.filter((name) => !names.has(name));
  }

  /** Parses an expression and checks it from where `node` evaluates it; records what it reads when that feeds the node's value. */
  private parseAndCheck(
    node: FormNode,
    source: string,
    property: keyof SurveyRow,
    role: ExpressionRole,
    dependencies: Set<string> | null,
    choiceColumns?: ReadonlySet<string>,
  ): Expr | null {
    let expr: Expr;
    try {
      expr = parseExpression(source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.surveyIssue(node.rowIndex, property, error.message, undefined, error.position);
      return null;
    }
    const { problems, references } = checkExpression(expr, {
      role,
      resolve: (name) => this.resolve(node, name),
      names: this.byName.keys(),
      choiceColumns,
    });
    for (const problem of problems) this.surveyIssue(node.rowIndex, property, problem.message, undefined, problem.position);
    if (dependencies) for (const name of references) dependencies.add(name);
    return problems.length ? null : expr;
  }

  /**
   * What `${name}` means in an expression of `node`. A question's expressions
   * are evaluated in its repeat entry, a repeat's own relevance in the entry
   * (or form) around it.
   */
  private resolve(node: FormNode, name: string): Reference | undefined {
    const target = this.byName.get(name);
    if (!target) return undefined;
    if (target.kind === 'group' || target.kind === 'note' || target.kind === 'repeat') return { kind: target.kind };
    if (target.repeat === null) return { kind: 'value' };
    for (let context = node.repeat; context; context = context.repeat) {
      if (context === target.repeat) return { kind: 'value' };
    }
    return { kind: 'across_repeat', repeat: target.repeat.name };
  }

  private template(node: FormNode, text: LocalizedText | undefined, property: 'label' | 'hint' | 'constraintMessage'): Template {
    const template: Template = {};
    for (const language of LANGUAGES) {
      const source = text?.[language];
      if (source === undefined) continue;
      const parts: TemplatePart[] = [];
      let last = 0;
      for (const match of source.matchAll(TEMPLATE_REFERENCE)) {
        const name = match[1].trim();
        const position = match.index + 1;
        const reference = NAME_PATTERN.test(name) ? this.resolve(node, name) : undefined;
        if (reference?.kind !== 'value') {
          const why = reference ? `\${${name}} has no single value here` : `no question is named \${${name}}${didYouMean(name, this.byName.keys(), (s) => `\${${s}}`)}`;
          this.surveyIssue(node.rowIndex, property, why, language, position);
        }
        if (match.index > last) parts.push(source.slice(last, match.index));
        parts.push({ field: name });
        last = match.index + match[0].length;
      }
      if (last < source.length) parts.push(source.slice(last));
      template[language] = parts;
    }
    return template;
  }

  private checkBindings() {
    const boundAt = new Map<string, QuestionNode>();
    for (const node of this.nodes) {
      if (node.kind !== 'question' || node.registryField === null) continue;
      const field = node.registryField;
      const issue = (message: string) => this.surveyIssue(node.rowIndex, 'registryField', message);
      if (!REGISTRY_FIELD.test(field)) {
        issue(`'${field}' is not a registry field: write entity.field, such as person.phone`);
        continue;
      }
      // A form reads and writes the fields of the one record it is opened on.
      const subject = this.spec.settings.subject ?? 'person';
      const entity = field.slice(0, field.indexOf('.'));
      if (entity !== subject) {
        issue(
          (FORM_SUBJECTS as readonly string[]).includes(entity)
            ? `${field} is a ${entity}'s field, but the form is opened on a ${subject}: bind ${subject}.… fields, or set subject to ${entity} on the settings sheet`
            : `'${field}' is not a registry field: forms bind fields of a ${FORM_SUBJECTS.join(', ')}`,
        );
        continue;
      }
      if (node.repeat) {
        // Entries of a repeat have no registry record of their own to read from or write to.
        issue(`a question inside the repeat '${node.repeat.name}' cannot be bound to the registry`);
      }
      const other = boundAt.get(field);
      if (other) issue(`${field} is already bound to '${other.name}' (row ${this.locate('survey', other.rowIndex)})`);
      else boundAt.set(field, node);
      const catalogue = this.options.registryFields;
      if (!catalogue) continue;
      const kind = Object.hasOwn(catalogue, field) ? catalogue[field] : undefined;
      if (kind === undefined) {
        issue(`unknown registry field '${field}'${didYouMean(field, Object.keys(catalogue))}`);
      } else if (!COMPATIBLE_TYPES[kind].includes(node.type)) {
        issue(`${field} holds ${withArticle(kind)}, which ${withArticle(node.type)} question cannot show; use ${COMPATIBLE_TYPES[kind].join(' or ')}`);
      }
    }
  }

  /**
   * A depth-first topological order over "reads" and "is inside", visiting
   * nodes in form order so the result is the same every time. A cycle (a
   * calculation that needs itself, a group whose relevance reads a question
   * inside it) is reported with its path.
   */
  private orderForEvaluation(): FormNode[] {
    const order: FormNode[] = [];
    const state = new Map<FormNode, 'visiting' | 'done'>();
    const path: FormNode[] = [];
    const visit = (node: FormNode): boolean => {
      const seen = state.get(node);
      if (seen === 'done') return true;
      if (seen === 'visiting') {
        const cycle = [...path.slice(path.indexOf(node)), node].map((n) => n.name);
        this.surveyIssue(
          node.rowIndex,
          null,
          `circular dependency: ${cycle.join(' → ')} (relevant, calculation and default may not depend on themselves, ` +
            'and a group or repeat may not be relevant depending on a question inside it)',
        );
        return false;
      }
      state.set(node, 'visiting');
      path.push(node);
      for (const name of this.dependencies.get(node) ?? []) {
        const dependency = this.byName.get(name);
        if (dependency && !visit(dependency)) return false;
      }
      path.pop();
      state.set(node, 'done');
      order.push(node);
      return true;
    };
    for (const node of this.nodes) if (!visit(node)) break;
    return order;
  }
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
