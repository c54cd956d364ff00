import { kafkaClientOptions } from './client';

describe('the Kafka client options', () => {
  const base = { brokers: ['k1:9093'], clientId: 'sarp' };

  it('are plain without TLS or SASL settings (the local broker)', () => {
    expect(kafkaClientOptions(base)).toEqual({ clientId: 'sarp', brokers: ['k1:9093'] });
  });

  it('use TLS, verified against a CA of its own when given, and SASL as configured', () => {
    expect(kafkaClientOptions({ ...base, ssl: {}, sasl: { mechanism: 'scram-sha-512', username: 'sarp', password: 'pw' } })).toEqual({
      ...base,
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'sarp', password: 'pw' },
    });
    expect(kafkaClientOptions({ ...base, ssl: { caPem: 'PEM' } }).ssl).toEqual({ ca: ['PEM'], rejectUnauthorized: true });
  });
});
