// A tiny HTTP service: GET /health answers with its name, version and greeting.
const http = require('node:http');
const { version } = require('../package.json');

const port = Number(process.env.PORT || 3000);
const greeting = process.env.GREETING || 'hello from hello-api';

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', service: 'hello-api', version, greeting }));
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1', () => console.log(`hello-api listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
