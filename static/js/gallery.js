// Guest gallery: infinite scroll from feed.json, and a lightbox with keys, swipe,
// albums, videos, deep links (#item=upload:42) and sharing. Without JavaScript the
// page still works: tiles link to the images and the pager links to other pages.
(function () {
  "use strict";
  var timeline = document.getElementById("timeline");
  var dataEl = document.getElementById("items-data");
  if (!timeline || !dataEl) return;

  var main = { items: JSON.parse(dataEl.textContent), next: timeline.dataset.feedNext || null };
  var lastHour = timeline.dataset.lastHour || "";
  var loadingEl = document.getElementById("loading");
  var pager = document.getElementById("pager");
  var busy = false;
  var eventPath = location.pathname.replace(/[^/]*$/, "");

  if (pager) pager.hidden = true;

  // ---- rendering tiles for appended pages -------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function hourKey(iso) { return iso.slice(0, 13); }

  function dividerLabel(iso, previousKey) {
    var hour = iso.slice(11, 13) + ":00";
    if (previousKey.slice(0, 10) === iso.slice(0, 10)) return hour;
    var d = new Date(iso.slice(0, 10) + "T12:00:00Z");
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " · " + hour;
  }

  function tile(item) {
    var li = el("li", "tile tile-" + item.source);
    var a = el("a", "tile-link");
    a.href = item.display;
    a.dataset.id = item.id;
    var img = el("img");
    img.src = item.thumb;
    img.srcset = item.thumb + " 480w, " + item.display + " 1920w";
    img.sizes = "(min-width: 40rem) 200px, 33vw";
    img.alt = item.alt || "";
    img.width = item.width || 480;
    img.height = item.height || 480;
    img.loading = "lazy";
    img.decoding = "async";
    img.style.backgroundColor = item.placeholder || "#cbd5e1";
    a.appendChild(img);
    if (item.type === "video") a.appendChild(el("span", "mark mark-play")).setAttribute("aria-hidden", "true");
    if (item.type === "carousel") {
      var album = el("span", "mark mark-album");
      album.appendChild(el("span", "visually-hidden", "Album of "));
      album.appendChild(document.createTextNode(String(item.children.length)));
      album.appendChild(el("span", "visually-hidden", " items"));
      a.appendChild(album);
    }
    if (item.source === "instagram") a.appendChild(el("span", "badge-ig", "@" + item.username));
    li.appendChild(a);
    return li;
  }

  function append(items) {
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      var key = hourKey(item.taken_at);
      if (key !== lastHour) {
        var divider = el("li", "divider");
        divider.dataset.hour = key;
        divider.appendChild(el("span", "", dividerLabel(item.taken_at, lastHour)));
        fragment.appendChild(divider);
        lastHour = key;
      }
      fragment.appendChild(tile(item));
    });
    timeline.appendChild(fragment);
  }

  function fetchPage(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  function loadMore() {
    if (busy || !main.next) return Promise.resolve(false);
    busy = true;
    loadingEl.textContent = "Loading more photos…";
    return fetchPage(main.next).then(function (body) {
      main.items = main.items.concat(body.items);
      main.next = body.next;
      append(body.items);
      loadingEl.textContent = main.next ? "" : "That's everything so far.";
      busy = false;
      return true;
    }).catch(function () {
      loadingEl.textContent = "Couldn't load more photos. Scroll to try again.";
      busy = false;
      return false;
    });
  }

  var sentinel = document.getElementById("sentinel");
  if ("IntersectionObserver" in window && sentinel) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) loadMore();
    }, { rootMargin: "600px 0px" }).observe(sentinel);
  } else if (pager) {
    pager.hidden = false;
  }

  // ---- lightbox ---------------------------------------------------------------------
  var box = document.getElementById("lightbox");
  var image = document.getElementById("lb-image");
  var video = document.getElementById("lb-video");
  var captionEl = document.getElementById("lb-caption");
  var timeEl = document.getElementById("lb-time");
  var sourceEl = document.getElementById("lb-source");
  var albumEl = document.getElementById("lb-album");
  var downloadEl = document.getElementById("lb-download");
  var instagramEl = document.getElementById("lb-instagram");
  var shareEl = document.getElementById("lb-share");
  var prevBtn = document.getElementById("lb-prev");
  var nextBtn = document.getElementById("lb-next");
  var state = { list: main, index: -1, child: 0, opener: null };

  function current() { return state.list.items[state.index]; }

  function frames(item) {
    return item.type === "carousel" && item.children.length ? item.children : [item];
  }

  function clock(iso) {
    return iso.slice(0, 10) + " " + iso.slice(11, 16);
  }

  function show() {
    var item = current();
    var frame = frames(item)[state.child];
    video.pause();
    if (frame.type === "video" && frame.video) {
      image.hidden = true;
      video.hidden = false;
      video.poster = frame.display;
      video.src = frame.video;
    } else {
      video.hidden = true;
      video.removeAttribute("src");
      image.hidden = false;
      image.style.backgroundColor = item.placeholder || "#111";
      image.src = frame.display;
      image.alt = item.alt || "";
    }
    captionEl.textContent = item.caption || "";
    captionEl.hidden = !item.caption;
    timeEl.textContent = clock(item.taken_at);
    timeEl.setAttribute("datetime", item.taken_at);
    sourceEl.textContent = item.source === "instagram" ? "Instagram @" + item.username : "Crew photo";
    var count = frames(item).length;
    albumEl.textContent = count > 1 ? " · " + (state.child + 1) + " of " + count : "";
    downloadEl.hidden = !item.download;
    if (item.download) {
      downloadEl.href = item.download;
      downloadEl.setAttribute("download", item.id.replace(":", "-") + ".jpg");
    }
    instagramEl.hidden = !item.permalink;
    if (item.permalink) instagramEl.href = item.permalink;
    prevBtn.disabled = state.index === 0 && state.child === 0;
    nextBtn.disabled = state.index === state.list.items.length - 1 && state.child === count - 1 && !state.list.next;
    history.replaceState(null, "", "#item=" + item.id);
    var upcoming = state.list.items[state.index + 1];
    if (upcoming) (new Image()).src = frames(upcoming)[0].display;
  }

  function open(list, index) {
    state.list = list;
    state.index = index;
    state.child = 0;
    if (box.hidden) state.opener = document.activeElement;
    box.hidden = false;
    document.body.classList.add("lb-open");
    show();
    document.getElementById("lb-close").focus();
  }

  function close() {
    video.pause();
    box.hidden = true;
    document.body.classList.remove("lb-open");
    history.replaceState(null, "", location.pathname + location.search);
    var link = timeline.querySelector('[data-id="' + (current() && current().id) + '"]');
    (link || state.opener || document.body).focus();
  }

  function step(delta) {
    var count = frames(current()).length;
    var child = state.child + delta;
    if (child >= 0 && child < count) { state.child = child; return show(); }
    var index = state.index + delta;
    if (index < 0) return;
    if (index >= state.list.items.length) {
      if (state.list === main) {
        loadMore().then(function (loaded) { if (loaded && index < main.items.length) { state.index = index; state.child = 0; show(); } });
      } else if (state.list.next) {
        fetchPage(state.list.next).then(function (body) {
          state.list.items = state.list.items.concat(body.items);
          state.list.next = body.next;
          if (index < state.list.items.length) { state.index = index; state.child = 0; show(); }
        });
      }
      return;
    }
    state.index = index;
    state.child = delta < 0 ? frames(current()).length - 1 : 0;
    show();
  }

  timeline.addEventListener("click", function (e) {
    var link = e.target.closest(".tile-link");
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey) return;
    var index = main.items.findIndex(function (item) { return item.id === link.dataset.id; });
    if (index < 0) return;
    e.preventDefault();
    open(main, index);
  });

  prevBtn.addEventListener("click", function () { step(-1); });
  nextBtn.addEventListener("click", function () { step(1); });
  document.getElementById("lb-close").addEventListener("click", close);
  box.addEventListener("click", function (e) { if (e.target === box || e.target.id === "lb-stage") close(); });

  document.addEventListener("keydown", function (e) {
    if (box.hidden) return;
    if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "ArrowRight") { e.preventDefault(); step(1); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); step(-1); }
    else if (e.key === "Tab") {
      var focusable = Array.prototype.filter.call(
        box.querySelectorAll("button, a[href], video[controls]"),
        function (node) { return !node.hidden && !node.disabled && node.offsetParent !== null; }
      );
      if (!focusable.length) return;
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      else if (!box.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
    }
  });

  var touchX = null, touchY = null;
  box.addEventListener("touchstart", function (e) {
    touchX = e.touches[0].clientX; touchY = e.touches[0].clientY;
  }, { passive: true });
  box.addEventListener("touchend", function (e) {
    if (touchX === null) return;
    var dx = e.changedTouches[0].clientX - touchX, dy = e.changedTouches[0].clientY - touchY;
    touchX = null;
    if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy)) step(dx < 0 ? 1 : -1);
  });

  shareEl.addEventListener("click", function () {
    var url = location.href;
    if (navigator.share) {
      navigator.share({ title: document.title, url: url }).catch(function () {});
    } else if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(function () { shareEl.textContent = "Link copied"; });
    }
  });

  // ---- deep links -----------------------------------------------------------------
  function openFromHash() {
    var match = /^#item=(.+)$/.exec(location.hash);
    if (!match) return;
    var id = decodeURIComponent(match[1]);
    var index = main.items.findIndex(function (item) { return item.id === id; });
    if (index >= 0) return open(main, index);
    fetchPage(eventPath + "feed.json?at=" + encodeURIComponent(id)).then(function (body) {
      if (body.items.length && body.items[0].id === id) open({ items: body.items, next: body.next }, 0);
    }).catch(function () {});
  }
  openFromHash();
  window.addEventListener("hashchange", function () { if (box.hidden) openFromHash(); });
})();
