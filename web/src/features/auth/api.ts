import { api } from '../../api';
import type { User } from '../org/types';

export interface Session {
  user: User;
  csrfToken: string;
}

export const fetchSession = () => api<Session>('/auth/me');

export const logIn = (username: string, password: string) =>
  api<Session>('/auth/login', { method: 'POST', body: { username, password } });

export const logOut = () => api<void>('/auth/logout', { method: 'POST' });
