// Crew upload page: one request per file, three at a time, each with its own progress
// bar; network failures and server hiccups are retried a few times with backoff.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var endpoint = form.dataset.endpoint;
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var queueEl = document.getElementById("queue");
  var section = document.getElementById("queue-section");
  var summaryEl = document.getElementById("summary");
  var caption = document.getElementById("id_caption");
  var dropZone = document.getElementById("drop-zone");
  var CONCURRENCY = 3;
  var RETRIES = 3;
  var pending = [];
  var active = 0;
  var counts = { uploaded: 0, duplicate: 0, rejected: 0, failed: 0 };
  var total = 0;

  function formatSize(bytes) {
    return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function row(file) {
    var li = document.createElement("li");
    li.className = "upload-row is-waiting";
    li.innerHTML =
      '<span class="upload-name"></span><span class="upload-size"></span>' +
      '<progress max="100" value="0"></progress><span class="upload-state">Waiting</span>';
    li.querySelector(".upload-name").textContent = file.name;
    li.querySelector(".upload-size").textContent = formatSize(file.size);
    li.querySelector("progress").setAttribute("aria-label", "Upload progress of " + file.name);
    queueEl.appendChild(li);
    return li;
  }

  function finish(job, state, text) {
    job.li.className = "upload-row is-" + state;
    job.li.querySelector(".upload-state").textContent = text;
    if (state === "done") job.li.querySelector("progress").value = 100;
    counts[{ done: "uploaded", duplicate: "duplicate", rejected: "rejected", failed: "failed" }[state]] += 1;
    active -= 1;
    updateSummary();
    pump();
  }

  function updateSummary() {
    var finished = counts.uploaded + counts.duplicate + counts.rejected + counts.failed;
    var parts = [counts.uploaded + " uploaded"];
    if (counts.duplicate) parts.push(counts.duplicate + " already there");
    if (counts.rejected) parts.push(counts.rejected + " rejected");
    if (counts.failed) parts.push(counts.failed + " failed");
    summaryEl.textContent = (finished < total ? "Uploading " + finished + " of " + total + " done: " : "Finished: ") + parts.join(", ") + ".";
    summaryEl.classList.toggle("is-finished", finished === total);
  }

  function send(job) {
    var data = new FormData();
    data.append("photos", job.file, job.file.name);
    if (caption.value) data.append("caption", caption.value);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", endpoint);
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    var bar = job.li.querySelector("progress");
    job.li.className = "upload-row is-sending";
    job.li.querySelector(".upload-state").textContent = job.attempt ? "Retrying (" + job.attempt + ")" : "Uploading";
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 95);
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
      if (body && (xhr.status === 201 || xhr.status === 400)) {
        if (body.accepted && body.accepted.length) {
          var thumb = document.createElement("img");
          thumb.src = body.accepted[0].thumb; thumb.alt = ""; thumb.width = 48; thumb.height = 48;
          thumb.className = "upload-thumb";
          job.li.insertBefore(thumb, job.li.firstChild);
          return finish(job, "done", "Uploaded");
        }
        if (body.duplicates && body.duplicates.length) return finish(job, "duplicate", "Already uploaded");
        if (body.rejected && body.rejected.length) return finish(job, "rejected", "Rejected: " + body.rejected[0].error);
      }
      if (xhr.status === 413) return finish(job, "rejected", "Rejected: the file is too large");
      if (xhr.status === 401 || xhr.status === 403) return finish(job, "failed", "Not allowed: log in again as crew");
      retry(job, "the server answered " + xhr.status);
    };
    xhr.onerror = function () { retry(job, "network error"); };
    xhr.ontimeout = function () { retry(job, "timed out"); };
    xhr.send(data);
  }

  function retry(job, why) {
    if (job.attempt >= RETRIES) return finish(job, "failed", "Failed (" + why + "). Tap to try again.");
    job.attempt += 1;
    job.li.querySelector(".upload-state").textContent = "Connection trouble, retrying…";
    setTimeout(function () { send(job); }, 1000 * Math.pow(2, job.attempt - 1));
  }

  function pump() {
    while (active < CONCURRENCY && pending.length) {
      active += 1;
      send(pending.shift());
    }
  }

  function add(files) {
    section.hidden = false;
    Array.prototype.forEach.call(files, function (file) {
      var job = { file: file, li: row(file), attempt: 0 };
      total += 1;
      job.li.addEventListener("click", function () {
        if (!job.li.classList.contains("is-failed")) return;
        counts.failed -= 1; job.attempt = 0; active += 1; send(job);
      });
      if (file.size > maxBytes) {
        active += 1;
        finish(job, "rejected", "Rejected: the file is larger than " + Math.round(maxBytes / 1048576) + " MB");
        return;
      }
      pending.push(job);
    });
    updateSummary();
    pump();
  }

  form.addEventListener("change", function (e) {
    if (e.target.files && e.target.files.length) add(e.target.files);
    e.target.value = "";
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  ["dragenter", "dragover"].forEach(function (name) {
    dropZone.addEventListener(name, function (e) { e.preventDefault(); dropZone.classList.add("is-over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    dropZone.addEventListener(name, function () { dropZone.classList.remove("is-over"); });
  });
  dropZone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) add(e.dataTransfer.files);
  });
  window.addEventListener("beforeunload", function (e) {
    if (active || pending.length) { e.preventDefault(); e.returnValue = ""; }
  });
})();
