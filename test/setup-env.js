// Quiet, offline, deterministic test processes: no structured logs from handlers, no AWS SDK
// Node-version warning, and no credentials or metadata lookups.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_REGION ??= 'eu-west-1';
