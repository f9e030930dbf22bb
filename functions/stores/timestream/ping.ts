/** Readiness of the Timestream belief table (DescribeTable through the write client, with endpoint discovery). */
import { DescribeTableCommand, TimestreamWriteClient } from '@aws-sdk/client-timestream-write';

let client: TimestreamWriteClient | undefined;

export async function pingTimestreamTable(): Promise<boolean> {
  const DatabaseName = process.env.TIMESTREAM_DATABASE;
  const TableName = process.env.TIMESTREAM_TABLE;
  if (!DatabaseName || !TableName) return false;
  try {
    client ??= new TimestreamWriteClient({});
    const out = await client.send(new DescribeTableCommand({ DatabaseName, TableName }));
    return out.Table?.TableStatus === 'ACTIVE';
  } catch {
    return false;
  }
}
