import { ApartmentOutlined, AuditOutlined, HomeOutlined } from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Role } from '../features/org/types';
import type { Messages } from '../i18n/zh-CN';

export interface ShellPage {
  path: string;
  nav: keyof Messages['nav'];
  icon: ReactNode;
  /** Roles that see the page in the navigation and may open it; every role when absent. */
  roles?: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

/** The pages inside the signed-in shell, in navigation order; each loads its own code. */
export const shellPages: readonly ShellPage[] = [
  {
    path: '/',
    nav: 'home',
    icon: <HomeOutlined />,
    component: lazy(() => import('../features/home/HomePage')),
  },
  {
    path: '/audit',
    nav: 'audit',
    icon: <AuditOutlined />,
    roles: ['auditor'],
    component: lazy(() => import('../features/audit/AuditPage')),
  },
  {
    path: '/jurisdictions',
    nav: 'jurisdictions',
    icon: <ApartmentOutlined />,
    roles: ['sysadmin'],
    component: lazy(() => import('../features/org/JurisdictionsPage')),
  },
];

export const isPageFor = (page: ShellPage, role: Role) => !page.roles || page.roles.includes(role);
