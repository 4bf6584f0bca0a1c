// PassthroughWeb's few browser helpers, loaded as a file: the Content-Security-Policy allows no inline script.
(function () {
    const key = 'passthroughweb-theme';

    function stored() {
        try {
            const value = localStorage.getItem(key);
            return value === 'dark' || value === 'light' ? value : null;
        } catch {
            // Storage can be switched off (private windows, policies): then the browser's preference decides.
            return null;
        }
    }

    function mark(dark) {
        document.documentElement.classList.toggle('theme-dark', dark);
        document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
    }

    window.passthroughWeb = {
        /** The choice made with the app bar's button ('dark' or 'light'), or null to follow the browser. */
        storedTheme: stored,

        /** Remembers the choice and marks the page, so styles outside MudBlazor's theme follow it. */
        setTheme(mode) {
            try { localStorage.setItem(key, mode); } catch { /* not remembered: still applied below */ }
            mark(mode === 'dark');
        },

        /** Marks the page without remembering anything (following the browser). */
        markTheme(dark) { mark(dark); },

        scrollToStep(id) {
            const element = document.getElementById(id);
            if (element) element.scrollIntoView({ behavior: 'smooth', block: 'start' });
        },
    };

    // Before the circuit starts: the colours of the remembered (or the browser's) choice, not a flash of light.
    const choice = stored();
    mark(choice ? choice === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches);
})();
