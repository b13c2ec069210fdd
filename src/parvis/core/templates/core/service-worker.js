// The service worker of the installable app. Pages always come from the network; when it
// is down, a page shows the offline page. Only static assets (style, scripts, icons) are
// kept, never a page of a person.
const {CACHE, OFFLINE, STATIC, PRECACHE, NAME, ICON} = {{ config|safe }};

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll([
    new Request(OFFLINE, {credentials: "omit"}), ...PRECACHE,
  ])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys().then(names => Promise.all(
    names.filter(name => name !== CACHE).map(name => caches.delete(name)),
  )).then(() => self.clients.claim()));
});

const keep = (request, response) => {
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then(cache => cache.put(request, copy));
  }
  return response;
};

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  } else if (url.pathname.startsWith(STATIC)) {
    event.respondWith(fetch(request).then(response => keep(request, response))
      .catch(() => caches.match(request)));
  }
});

self.addEventListener("push", event => {
  const message = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(message.title || NAME, {
    body: message.body || "", icon: ICON, lang: "fr", data: {url: message.url || "/"},
  }));
});

self.addEventListener("notificationclick", event => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});
