// Calendar maths must never depend on the machine's zone: run every test in UTC.
process.env.TZ = 'UTC';
