/** Builds API Gateway HTTP API (payload 2.0) events for calling handlers directly in unit tests. */
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';

export interface EventInit {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string;
}

export function apiEvent(init: EventInit = {}): APIGatewayProxyEventV2 {
  const method = init.method ?? 'GET';
  const path = init.path ?? '/api/v3_0/test';
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(init.query ?? {}).toString(),
    headers: init.headers ?? {},
    queryStringParameters: init.query,
    pathParameters: init.pathParameters,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'example.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    body: init.body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

export const context = { awsRequestId: 'req-1', functionName: 'test' } as Context;

/** An SQS record carrying a scheduling job's id, as Lambda delivers it to the solver. */
export function jobRecord(jobId: string, receiveCount = 1, messageId = `m-${jobId}-${receiveCount}`): SQSRecord {
  return {
    messageId,
    receiptHandle: 'r',
    body: JSON.stringify({ jobId }),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:q',
    awsRegion: 'local',
  };
}

/** An SQS event of the given records. */
export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
