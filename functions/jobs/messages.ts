/** The scheduling queue's message: `{"jobId": "<uuid>"}`, sent by the trigger endpoint. */

/** The job id of a queue message body, or null when the body is not such a message. */
export function jobIdOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { jobId?: unknown };
    return typeof parsed?.jobId === 'string' && parsed.jobId ? parsed.jobId : null;
  } catch {
    return null;
  }
}
