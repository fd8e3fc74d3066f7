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
        onInvalidMessage: ({ messageId, category, error }) =>
          new Logger('EchoBot').warn(`dropped invalid ${category} ${messageId}: ${error.constraints.join('; ')}`),
      }),
    }),
  ],
  providers: [EchoHandler],
})
export class BotModule {}
