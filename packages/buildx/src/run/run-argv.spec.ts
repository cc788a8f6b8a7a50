import { containerRunArgv } from './run-argv';

const base = {
  image: '127.0.0.1:5000/app:latest',
  name: 'nx-app-abc123',
  rm: true,
  detach: false,
  interactive: false,
  tty: false,
  init: true,
};

describe('containerRunArgv', () => {
  it('runs the local image only, by name, removed when it ends', () => {
    expect(containerRunArgv(base)).toEqual({
      command: 'docker',
      args: [
        'run',
        '--name',
        'nx-app-abc123',
        '--pull',
        'never',
        '--rm',
        '--init',
        '127.0.0.1:5000/app:latest',
      ],
    });
  });

  it('passes env names only (values come from the environment), then files, mounts and the command', () => {
    const { args } = containerRunArgv({
      ...base,
      rm: false,
      init: false,
      detach: true,
      ports: ['127.0.0.1:8080:80'],
      env: { TOKEN: 's3cret', MODE: 'dev' },
      envFiles: ['.env'],
      network: 'host',
      volumes: ['./data:/data:ro'],
      labels: { 'dev.nx-buildx.project': 'app' },
      command: ['httpd', '-f'],
    });
    expect(args).toEqual([
      'run',
      '--name',
      'nx-app-abc123',
      '--pull',
      'never',
      '--detach',
      '--label',
      'dev.nx-buildx.project=app',
      '--publish',
      '127.0.0.1:8080:80',
      '--env',
      'TOKEN',
      '--env',
      'MODE',
      '--env-file',
      '.env',
      '--network',
      'host',
      '--volume',
      './data:/data:ro',
      '127.0.0.1:5000/app:latest',
      'httpd',
      '-f',
    ]);
    expect(args.join(' ')).not.toContain('s3cret');
  });

  it('opens a shell with a terminal: -i -t and the shell as entrypoint', () => {
    const { args } = containerRunArgv({
      ...base,
      interactive: true,
      tty: true,
      entrypoint: 'sh',
      command: [],
    });
    expect(args.slice(5)).toEqual([
      '--rm',
      '--interactive',
      '--tty',
      '--init',
      '--entrypoint',
      'sh',
      '127.0.0.1:5000/app:latest',
    ]);
  });
});
