// Reference for startup and idle memory: plain Node that writes one heartbeat frame and keeps reading stdin.
process.stdout.write('{"event":"heartbeat","session_id":null,"data":{}}\n');
process.stdin.resume();
