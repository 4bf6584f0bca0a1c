// Words for the reconnect banner (Components/Layout/ReconnectBanner.razor). When the server was restarted, the old
// circuit is gone and the page reloads by itself; when it cannot be reached, the banner says so and tries again every
// five seconds, and at once when the tab becomes visible again.
(() => {
    const banner = document.getElementById("components-reconnect-modal");
    if (!banner) return;
    const states = ["reconnect-state-retrying", "reconnect-state-failed", "reconnect-state-rejected"];
    const show = (state) => {
        banner.classList.remove(...states);
        banner.classList.add("reconnect-state-" + state);
        if (!banner.open) banner.show();
    };

    banner.addEventListener("components-reconnect-state-changed", (event) => {
        switch (event.detail.state) {
            case "show":
            case "retrying":
                show("retrying");
                break;
            case "hide":
                banner.close();
                break;
            case "failed":
                show("failed");
                document.addEventListener("visibilitychange", retryWhenVisible);
                // A restart of the app can outlast Blazor's own attempts: keep trying, less often.
                scheduleRetry();
                break;
            case "rejected":
                show("rejected");
                location.reload();
                break;
        }
    });

    document.getElementById("components-reconnect-button")?.addEventListener("click", retry);

    async function retry() {
        clearTimeout(retryTimer);
        document.removeEventListener("visibilitychange", retryWhenVisible);
        show("retrying");
        try {
            // true: reconnected; false: the server answered but no longer knows this circuit (it restarted).
            if (!(await Blazor.reconnect())) {
                show("rejected");
                location.reload();
            }
        } catch {
            show("failed");
            document.addEventListener("visibilitychange", retryWhenVisible);
            scheduleRetry();
        }
    }

    let retryTimer = null;
    function scheduleRetry() {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(retry, 5000);
    }

    async function retryWhenVisible() {
        if (document.visibilityState === "visible") await retry();
    }
})();
