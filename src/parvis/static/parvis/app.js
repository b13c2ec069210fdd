// The installable app: a service worker shows the offline page when the network is down
// and carries the notifications pushed to this device.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(document.currentScript.dataset.worker);
}
