/**
 * The labelling page (one static HTML file with its script inline), served by {@link serveLabelling}.
 * Mode "truncation": one image at a time, "Truncated outline?" Yes / No (keys Y / N). Mode "pairs": two
 * images of the same condition, prompt and seed from different methods, side by side in random order,
 * alternating the paper's two criteria: condition consistency (the condition and prompt are shown) and
 * general fidelity (they are hidden, as in the paper). Each answer is POSTed to `/api/vote` at once.
 */
export const LABEL_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sow labelling</title>
<style>
body{font:16px system-ui,sans-serif;margin:16px;max-width:1100px}button{font-size:16px;padding:8px 18px;margin:4px}
img{max-width:480px;max-height:480px;display:block}#pair{display:flex;gap:16px}#pair>div{text-align:center}
.hidden{display:none}#cond img{max-width:160px}
</style></head><body>
<h1>sow labelling</h1>
<p><button id="mode-truncation">One at a time: truncated outline?</button><button id="mode-pairs">Pairs: which is better?</button></p>
<p id="status">Loading…</p>
<section id="truncation" class="hidden">
  <p>Does this image show a <b>truncated outline</b> (the condition visibly cut off from or pasted onto the scene)?</p>
  <img id="single" alt="image to judge">
  <button id="yes">Yes, truncated (Y)</button><button id="no">No (N)</button>
</section>
<section id="pairs" class="hidden">
  <p id="question"></p>
  <div id="cond"><img id="cond-img" alt="condition"><p id="prompt"></p></div>
  <div id="pair"><div><img id="left-img" alt="left"><button id="left">Left</button></div><div><img id="right-img" alt="right"><button id="right">Right</button></div></div>
</section>
<script type="module">
const $ = (id) => document.getElementById(id);
const items = await (await fetch('/api/items')).json();
let mode = 'truncation';
let queue = [];
let current;
let votes = 0;
let criterion = 'condition-consistency';
const shuffle = (a) => { for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; };
function start(next) {
  mode = next;
  queue = shuffle(mode === 'truncation' ? items.truncation.slice() : items.pairs.slice());
  $('truncation').classList.toggle('hidden', mode !== 'truncation');
  $('pairs').classList.toggle('hidden', mode !== 'pairs');
  show();
}
function show() {
  current = queue.shift();
  document.body.dataset.mode = mode;
  if (current === undefined) { $('status').textContent = 'All done: ' + votes + ' votes saved.'; document.body.dataset.state = 'done'; return; }
  document.body.dataset.state = 'ready';
  $('status').textContent = votes + ' votes saved; ' + (queue.length + 1) + ' left.';
  if (mode === 'truncation') { $('single').src = '/image/' + current.id; $('single').dataset.id = current.id; return; }
  if (Math.random() < 0.5) current = { ...current, a: current.b, b: current.a };
  $('question').textContent = criterion === 'condition-consistency'
    ? 'Condition consistency: which image matches the visual condition and the text better?'
    : 'General fidelity: which image looks more like a real photograph?';
  $('cond').classList.toggle('hidden', criterion !== 'condition-consistency');
  $('cond-img').src = '/condition/' + current.a;
  $('prompt').textContent = current.prompt;
  $('left-img').src = '/image/' + current.a; $('left-img').dataset.id = current.a;
  $('right-img').src = '/image/' + current.b; $('right-img').dataset.id = current.b;
  document.body.dataset.criterion = criterion;
}
async function vote(body) {
  document.body.dataset.state = 'saving';
  const response = await fetch('/api/vote', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) { $('status').textContent = 'Could not save: ' + (await response.text()); document.body.dataset.state = 'error'; return; }
  votes += 1;
  if (mode === 'pairs') criterion = criterion === 'condition-consistency' ? 'general-fidelity' : 'condition-consistency';
  show();
}
const truncated = (value) => current && mode === 'truncation' && vote({ kind: 'truncation', id: current.id, truncated: value });
const pick = (side) => current && mode === 'pairs' && vote({ kind: 'pair', criterion, a: current.a, b: current.b, winner: side === 'left' ? current.a : current.b });
$('yes').onclick = () => truncated(true);
$('no').onclick = () => truncated(false);
$('left').onclick = () => pick('left');
$('right').onclick = () => pick('right');
$('mode-truncation').onclick = () => start('truncation');
$('mode-pairs').onclick = () => start('pairs');
document.addEventListener('keydown', (e) => { if (e.key === 'y') truncated(true); if (e.key === 'n') truncated(false); });
start('truncation');
</script></body></html>
`;
