import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { SarpConfig } from '@sarp/config';
import { payloadCodecFor, PayloadDecryptionError, type AesGcmPayloadCodec } from '@sarp/temporal';
import { z } from 'zod';
import { ReadsPersonalData } from '../audit/access-log.interceptor';
import { Permission } from '../auth/auth.decorators';
import { SARP_CONFIG } from '../infrastructure/tokens';
import { ApiProblem, NotFoundProblem } from '../problems/problem-details';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';

/** A payload as Temporal's codec-server protocol sends it: metadata values and data in base64. */
const WirePayload = z.strictObject({
  metadata: z.record(z.string(), z.base64()).optional(),
  data: z.base64().optional(),
});
const CodecRequest = z.strictObject({ payloads: z.array(WirePayload).max(1000) });
type WirePayload = z.infer<typeof WirePayload>;

/**
 * Temporal's codec-server protocol, decode only, for auditors: the Temporal CLI
 * (`temporal workflow show --codec-endpoint <SARP>/temporal-codec --codec-auth "Bearer <token>"`) or the Web UI
 * send the encrypted payloads of a history and get them back readable. Every call is in the access log; SARP
 * never encodes for a caller (nothing outside SARP writes payloads).
 */
@Controller('temporal-codec')
export class TemporalCodecController {
  private readonly codec: AesGcmPayloadCodec | undefined;

  constructor(@Inject(SARP_CONFIG) config: SarpConfig) {
    this.codec = payloadCodecFor(config.temporal);
  }

  @Post('decode')
  @HttpCode(200)
  @Permission('POST /temporal-codec/decode')
  @ReadsPersonalData()
  async decode(@Body(new ZodValidationPipe(CodecRequest)) body: z.infer<typeof CodecRequest>): Promise<{ payloads: WirePayload[] }> {
    if (!this.codec)
      throw new NotFoundProblem('payloads are not encrypted in this deployment (SARP_PAYLOAD_KEYS is not set): there is nothing to decode');
    const payloads = body.payloads.map((payload) => ({
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
      data: Buffer.from(payload.data ?? '', 'base64'),
    }));
    try {
      const decoded = await this.codec.decode(payloads);
      return {
        payloads: decoded.map((payload) => ({
          metadata: Object.fromEntries(
            Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
          ),
          data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
        })),
      };
    } catch (error) {
      if (error instanceof PayloadDecryptionError)
        throw new ApiProblem(422, 'undecryptable-payload', 'A payload cannot be decrypted', error.message);
      throw error;
    }
  }
}
