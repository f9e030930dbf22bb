/** The solver's queue message and its GLPK settings from the environment. */
import { describe, it, expect } from '@jest/globals';
import { jobIdOf } from '../../../functions/core/jobs.js';
import { settingsFrom, type Environment } from '../../../functions/lambda/config.js';

const solveOptionsFrom = (env: Environment) => settingsFrom(env).solve;

describe('queue messages', () => {
  it('carry a job id; anything else is not a scheduling message', () => {
    expect(jobIdOf('{"jobId": "364bfd06-c1fa-430b-8d25-8f5a547651fb"}')).toBe('364bfd06-c1fa-430b-8d25-8f5a547651fb');
    for (const body of ['', 'not json', '{}', '{"jobId": 5}', '{"jobId": ""}', 'null', '[]']) expect(jobIdOf(body)).toBeNull();
  });
});

describe('GLPK settings', () => {
  it('SCHEDULER_TIME_LIMIT_SECONDS and SCHEDULER_MIP_GAP, ignoring unusable values', () => {
    expect(solveOptionsFrom({})).toEqual({});
    expect(solveOptionsFrom({ SCHEDULER_TIME_LIMIT_SECONDS: '150', SCHEDULER_MIP_GAP: '0.0001' })).toEqual({ timeLimitSeconds: 150, mipGap: 1e-4 });
    expect(solveOptionsFrom({ SCHEDULER_TIME_LIMIT_SECONDS: '0', SCHEDULER_MIP_GAP: '-1' })).toEqual({});
    expect(solveOptionsFrom({ SCHEDULER_TIME_LIMIT_SECONDS: 'soon', SCHEDULER_MIP_GAP: 'x' })).toEqual({});
  });
});
