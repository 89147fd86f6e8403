import { provisionServiceUser } from './service-user';

/**
 * Creates the services' EventStoreDB user with the rights listed in service-user.ts. Run once per
 * cluster (the compose file's esdb-provision job does); safe to run again.
 *
 *   PLANLEDGER_ESDB_ADMIN_STORE  esdb://admin:<password>@node1:2113,node2:2113,node3:2113?tls=true&tlsCAFile=…
 *   PLANLEDGER_ESDB_HTTP_URL     https://node1:2113
 *   PLANLEDGER_ESDB_CA_FILE      the CA certificate (PEM), optional
 *   PLANLEDGER_ESDB_USER         default planledger
 *   PLANLEDGER_ESDB_PASSWORD     the service user's password
 */
const need = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
};

const adminConnectionString = need('PLANLEDGER_ESDB_ADMIN_STORE');
const credentials = /^[a-z+]+:\/\/([^:@/]+):([^@/]*)@/i.exec(adminConnectionString);
if (!credentials) {
  console.error('PLANLEDGER_ESDB_ADMIN_STORE must carry the admin user and password (esdb://admin:<password>@…)');
  process.exit(2);
}
const user = process.env.PLANLEDGER_ESDB_USER ?? 'planledger';

const options = {
  adminConnectionString,
  httpUrl: need('PLANLEDGER_ESDB_HTTP_URL'),
  adminUser: decodeURIComponent(credentials[1]!),
  adminPassword: decodeURIComponent(credentials[2]!),
  user,
  password: need('PLANLEDGER_ESDB_PASSWORD'),
  ...(process.env.PLANLEDGER_ESDB_CA_FILE ? { caFile: process.env.PLANLEDGER_ESDB_CA_FILE } : {}),
};

// A node that answers its health check may not have a leader yet: try for a while before giving up.
for (let attempt = 1; ; attempt++) {
  try {
    await provisionServiceUser(options);
    break;
  } catch (error) {
    if (attempt >= 30) throw error;
    console.error(`attempt ${attempt}: ${error instanceof Error ? error.message : String(error)}; retrying in 2 s`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
console.log(`EventStoreDB user ${user}: present, in no group, with read on $all`);
