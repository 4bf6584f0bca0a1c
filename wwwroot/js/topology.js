// Downloads of the host's PCI tree (Components/Topology/PciTopologyView.razor) as SVG and PNG, for a forum post.
// The picture is drawn on the server with its colours as SVG attributes, so the file is the picture as shown, standing
// alone. PNG: the SVG is drawn onto a canvas at twice its size. No inline script and no eval, as the CSP demands; the
// image is loaded from a data: URL, which img-src allows.
(() => {
    const selectionOnly = [".topology-selection"];

    const standaloneSvg = (svg) => {
        const copy = svg.cloneNode(true);
        for (const selector of selectionOnly) copy.querySelectorAll(selector).forEach((e) => e.remove());
        copy.querySelectorAll("[tabindex]").forEach((e) => e.removeAttribute("tabindex"));
        copy.querySelectorAll("[aria-pressed]").forEach((e) => e.removeAttribute("aria-pressed"));
        copy.removeAttribute("class");
        copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
        copy.setAttribute("version", "1.1");
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy) + "\n";
    };

    const download = (blob, name) => {
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = name;
        link.style.display = "none";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    };

    const png = (svg, xml, name) => {
        const width = Number(svg.getAttribute("width"));
        const height = Number(svg.getAttribute("height"));
        const scale = 2;
        const image = new Image();
        image.onload = () => {
            const canvas = document.createElement("canvas");
            canvas.width = Math.ceil(width * scale);
            canvas.height = Math.ceil(height * scale);
            const context = canvas.getContext("2d");
            context.fillStyle = "#ffffff";
            context.fillRect(0, 0, canvas.width, canvas.height);
            context.scale(scale, scale);
            context.drawImage(image, 0, 0, width, height);
            canvas.toBlob((blob) => { if (blob) download(blob, name); }, "image/png");
        };
        image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    };

    document.addEventListener("click", (event) => {
        const button = event.target instanceof Element ? event.target.closest("[data-topology-export]") : null;
        if (!button) return;
        const figure = document.getElementById(button.dataset.topologyTarget || "");
        const svg = figure ? figure.querySelector("svg.topology-svg") : null;
        if (!svg) return;
        const name = button.dataset.topologyFile || "pci-topology";
        const xml = standaloneSvg(svg);
        if (button.dataset.topologyExport === "png") png(svg, xml, name + ".png");
        else download(new Blob([xml], { type: "image/svg+xml" }), name + ".svg");
    });
})();
