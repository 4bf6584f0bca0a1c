using System.Xml.Linq;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// Children the plan adds to <c>&lt;features&gt;</c> (acpi for UEFI, hyperv, kvm): appended to the existing element, or
/// gathered into one new <c>&lt;features&gt;</c> after <c>&lt;os&gt;</c> when the domain has none, so two edits never make two.
/// </summary>
internal sealed class NewFeatures(DomainEditor editor)
{
    private readonly List<XElement> _children = [];

    public void Add(XElement child) => _children.Add(child);

    public void Write()
    {
        if (_children.Count == 0) return;
        if (editor.Root.Element("features") is { } features)
        {
            foreach (var child in _children) editor.AppendChild(features, child);
            return;
        }
        // libvirt orders <features> after <os>; put it there so the diff reads naturally.
        editor.AppendChild(editor.Root, new XElement("features", _children), editor.Root.Element("os"));
    }
}
