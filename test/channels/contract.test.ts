import { channelContract } from './contract.suite.ts';
import { cliFixture } from './cli.fixture.ts';
import { slackFixture } from './slack.fixture.ts';
import { teamsFixture } from './teams.fixture.ts';
import { twilioFixture } from './twilio.fixture.ts';
import { webFixture } from './web.fixture.ts';

// Every channel keeps one contract. A new channel adds its fixture here (see docs/channels.md).
for (const fixture of [twilioFixture('sms'), twilioFixture('whatsapp'), slackFixture, teamsFixture, webFixture, cliFixture]) channelContract(fixture);
