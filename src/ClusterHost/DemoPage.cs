namespace Sfu.ClusterHost;

/// <summary>The demo page at <c>/</c>: talks to the node's WebSocket API from the browser.</summary>
internal static class DemoPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SFU node</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; max-width: 60rem; }
  button { margin-right: .5rem; }
  pre { background: #f4f4f4; padding: 1rem; overflow: auto; max-height: 24rem; }
  #log div { font-family: monospace; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>SFU node</h1>
<p>This page speaks the node's WebSocket API (<code>/ws</code>): protoo-shaped JSON requests, responses and notifications.</p>
<p>
  <button id="nodes">cluster.getNodes</button>
  <button id="create">cluster.createRouter</button>
  <button id="dump" disabled>router.dump</button>
  <button id="close" disabled>router.close</button>
</p>
<h2>Result</h2>
<pre id="result">(nothing yet)</pre>
<h2>Notifications</h2>
<div id="log"></div>
<script>
const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
const pending = new Map();
let nextId = 1;
let routerId = null;
function request(method, data = {}) {
  const id = nextId++;
  ws.send(JSON.stringify({ request: true, id, method, data }));
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
ws.onmessage = (event) => {
  const msg = JSON.parse(event.data);
  if (msg.response) {
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    if (!p) return;
    msg.ok ? p.resolve(msg.data) : p.reject(new Error(`${msg.error}: ${msg.reason}`));
  } else if (msg.notification) {
    const line = document.createElement('div');
    line.textContent = `${msg.method} ${JSON.stringify(msg.data)}`;
    document.getElementById('log').prepend(line);
    if (msg.method === 'router.close' && msg.data.routerId === routerId) setRouter(null);
  }
};
function show(promise) {
  promise.then((data) => { document.getElementById('result').textContent = JSON.stringify(data, null, 2); })
         .catch((e) => { document.getElementById('result').textContent = e.message; });
  return promise;
}
function setRouter(id) {
  routerId = id;
  document.getElementById('dump').disabled = !id;
  document.getElementById('close').disabled = !id;
}
document.getElementById('nodes').onclick = () => show(request('cluster.getNodes'));
document.getElementById('create').onclick = () => show(request('cluster.createRouter', {
  mediaCodecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
    { kind: 'video', mimeType: 'video/H264', clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } },
  ],
})).then((router) => setRouter(router.id));
document.getElementById('dump').onclick = () => show(request('router.dump', { routerId }));
document.getElementById('close').onclick = () => show(request('router.close', { routerId }));
</script>
</body>
</html>
""";
}
