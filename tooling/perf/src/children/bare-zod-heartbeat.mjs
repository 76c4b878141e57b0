// Reference for the share of startup that is zod's own import (its ES modules, 64 of them locales): plain Node
// that imports zod, then writes one heartbeat frame and keeps reading stdin, like bare-heartbeat.mjs.
import "zod";

process.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\n');
process.stdin.resume();
