/**
 * The public surface of policy-engine/model: the plain data types every side shares (the workspace, a request and
 * its answer, diagnostics). Types only: nothing here runs.
 */
export type * from './workspace';
export type * from './request';
export type * from './diagnostic';
