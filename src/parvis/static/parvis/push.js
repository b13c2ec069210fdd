// Notifications on this device (Web Push): the controls appear only where the browser can
// subscribe (service worker, Push API, notifications); the page works without them.
(() => {
  const box = document.querySelector(".push-controls");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)
      || !("Notification" in window)) return;
  const on = box.querySelector("[data-push=on]");
  const off = box.querySelector("[data-push=off]");
  const status = box.querySelector(".push-status");
  const token = box.querySelector("[name=csrfmiddlewaretoken]").value;
  const base64 = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
  const key = Uint8Array.from(atob(base64 + "=".repeat((4 - base64.length % 4) % 4)),
                              c => c.charCodeAt(0));
  const say = text => { status.textContent = text; };
  const show = subscribed => { on.hidden = subscribed; off.hidden = !subscribed; };
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(answer.detail || status.dataset.failed);
    return answer.detail;
  };
  const attempt = action => async () => {
    try {
      await action();
    } catch (error) {
      say(error instanceof TypeError ? status.dataset.failed : error.message || status.dataset.failed);
    }
  };
  navigator.serviceWorker.ready.then(async registration => {
    show(Boolean(await registration.pushManager.getSubscription()));
    box.hidden = false;
    on.addEventListener("click", attempt(async () => {
      if (await Notification.requestPermission() !== "granted") {
        say(status.dataset.denied);
        return;
      }
      const subscription = await registration.pushManager.subscribe(
        {userVisibleOnly: true, applicationServerKey: key});
      say(await post(box.dataset.subscribe, subscription.toJSON()));
      show(true);
      off.focus();
    }));
    off.addEventListener("click", attempt(async () => {
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        say(await post(box.dataset.unsubscribe, {endpoint: subscription.endpoint}));
        await subscription.unsubscribe();
      }
      show(false);
      on.focus();
    }));
  });
})();
