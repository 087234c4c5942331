// Venue slideshow: loads the whole timeline from feed.json, shows one item at a time,
// and polls for new items, which are shown next, without reloading the page.
(function () {
  "use strict";
  var show = document.getElementById("show");
  var interval = parseInt(show.dataset.interval, 10) || 6000;
  var slides = [document.getElementById("slide-a"), document.getElementById("slide-b")];
  var captionText = document.getElementById("caption-text");
  var captionSource = document.getElementById("caption-source");
  var captionTime = document.getElementById("caption-time");
  var newBadge = document.getElementById("new-badge");
  var waiting = document.getElementById("waiting");
  var pauseBtn = document.getElementById("pause");
  var items = [], seen = {}, fresh = [], position = -1, front = 0, paused = false, timer = null;
  var pollUrl = null;
  var POLL_MS = 15000;

  function frameOf(item) {
    return item.type === "carousel" && item.children.length ? item.children[0] : item;
  }

  function add(list, isNew) {
    list.forEach(function (item) {
      if (seen[item.id]) return;
      seen[item.id] = true;
      items.push(item);
      if (isNew) fresh.push(item);
    });
    if (items.length && position < 0) advance();
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  function loadAll(url) {
    load(url).then(function (body) {
      add(body.items, false);
      pollUrl = body.poll;
      if (body.next) loadAll(body.next); else setTimeout(poll, POLL_MS);
    }).catch(function () { setTimeout(function () { loadAll(url); }, POLL_MS); });
  }

  function poll() {
    load(pollUrl).then(function (body) {
      add(body.items, true);
      if (body.items.length) pollUrl = body.poll;
    }).catch(function () {}).then(function () { setTimeout(poll, POLL_MS); });
  }

  function display(item, isNew) {
    var next = slides[1 - front];
    next.onload = function () {
      next.classList.add("is-shown");
      slides[front].classList.remove("is-shown");
      front = 1 - front;
    };
    next.src = frameOf(item).display;
    next.alt = item.alt || "";
    captionText.textContent = item.caption || "";
    captionSource.textContent = item.source === "instagram" ? "Instagram @" + item.username : "Crew photo";
    captionTime.textContent = item.taken_at.slice(11, 16);
    newBadge.hidden = !isNew;
    waiting.hidden = true;
    show.dataset.current = item.id;
  }

  function advance() {
    clearTimeout(timer);
    if (!items.length) return;
    var isNew = false, item;
    if (fresh.length) {
      item = fresh.shift();
      isNew = true;
      position = items.indexOf(item);
    } else {
      position = (position + 1) % items.length;
      item = items[position];
    }
    display(item, isNew);
    if (!paused) timer = setTimeout(advance, interval);
  }

  pauseBtn.addEventListener("click", function () {
    paused = !paused;
    pauseBtn.textContent = paused ? "Play" : "Pause";
    pauseBtn.setAttribute("aria-pressed", String(paused));
    if (!paused) advance(); else clearTimeout(timer);
  });
  document.getElementById("fullscreen").addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen(); else show.requestFullscreen().catch(function () {});
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === " ") { e.preventDefault(); pauseBtn.click(); }
    else if (e.key === "ArrowRight") advance();
    else if (e.key === "ArrowLeft" && items.length) { position = (position - 2 + items.length) % items.length; advance(); }
  });

  loadAll(show.dataset.feed);
})();
