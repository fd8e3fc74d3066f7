import { Logger, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { MixinBlazeModule } from 'nestjs-mixin-blaze';
import { EchoHandler } from './echo.handler.js';
import { mixinConfig } from './mixin.config.js';

@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true }),
    MixinBlazeModule.forRootAsync({
      imports: [ConfigModule.forFeature(mixinConfig)],
      inject: [mixinConfig.KEY],
      useFactory: (config: ConfigType<typeof mixinConfig>) => ({
        ...config,
        // The library already logged the details and will ack it; a real bot might store it for inspection.
        onInvalidMessage: ({ messageId, category, error }) =>
          new Logger('EchoBot').warn(`set aside invalid ${category} ${messageId} (failed at ${error.stage})`),
      }),
    }),
  ],
  providers: [EchoHandler],
})
export class BotModule {}
