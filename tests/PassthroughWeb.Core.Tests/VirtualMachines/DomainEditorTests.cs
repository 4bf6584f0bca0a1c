using System.Xml.Linq;
using PassthroughWeb.Core.VirtualMachines;

namespace PassthroughWeb.Core.Tests.VirtualMachines;

/// <summary>The editor changes only what it is asked to, in the document's own style.</summary>
public sealed class DomainEditorTests
{
    [Fact]
    public void NoEdits_GiveBackTheTextByteForByte()
    {
        const string xml = "<?xml version='1.0'?>\r\n<!-- kept -->\r\n<domain type=\"kvm\">\r\n\t<name>a &amp; b</name>\r\n\t<features><acpi /></features>\r\n</domain>\r\n";
        var editor = DomainEditor.Load(xml);
        Assert.False(editor.HasEdits);
        Assert.Equal(xml, editor.ToXml());
    }

    [Fact]
    public void AppendChild_CrlfAndTabs_FollowsTheDocument()
    {
        const string xml = "<domain type=\"kvm\">\r\n\t<name>x</name>\r\n\t<features>\r\n\t\t<acpi/>\r\n\t</features>\r\n</domain>";
        var editor = DomainEditor.Load(xml);
        editor.AppendChild(editor.Root.Element("features")!, new XElement("kvm", new XElement("hidden", new XAttribute("state", "on"))));
        Assert.Equal("<domain type=\"kvm\">\r\n\t<name>x</name>\r\n\t<features>\r\n\t\t<acpi/>\r\n\t\t<kvm>\r\n\t\t\t<hidden state=\"on\"/>\r\n\t\t</kvm>\r\n\t</features>\r\n</domain>", editor.ToXml());
    }

    [Fact]
    public void AppendChild_SelfClosingParent_IsOpened()
    {
        var editor = DomainEditor.Load("<domain type='kvm'>\n  <features>\n    <kvm />\n  </features>\n</domain>");
        editor.AppendChild(editor.Root.Element("features")!.Element("kvm")!, new XElement("hidden", new XAttribute("state", "on")));
        Assert.Equal("<domain type='kvm'>\n  <features>\n    <kvm>\n      <hidden state='on'/>\n    </kvm>\n  </features>\n</domain>", editor.ToXml());
    }

    [Fact]
    public void SetAttribute_KeepsEachAttributesQuotesAndEscapesTheNewValue()
    {
        var editor = DomainEditor.Load("<domain type='kvm'>\n  <os a=\"1\" b='2'>\n  </os>\n</domain>");
        var os = editor.Root.Element("os")!;
        editor.SetAttribute(os, "a", "say \"hi\"");
        editor.SetAttribute(os, "b", "it's");
        editor.SetAttribute(os, "firmware", "efi & more");
        var after = editor.ToXml();
        Assert.Equal("<domain type='kvm'>\n  <os a=\"say &quot;hi&quot;\" b='it&apos;s' firmware='efi &amp; more'>\n  </os>\n</domain>", after);
        Assert.Equal("say \"hi\"", XDocument.Parse(after).Root!.Element("os")!.Attribute("a")!.Value);
    }

    [Fact]
    public void Remove_TakesTheElementsLineAndNothingElse()
    {
        var editor = DomainEditor.Load("<domain>\n  <devices>\n    <hostdev>\n      <x/>\n    </hostdev>\n    <!-- note -->\n  </devices>\n</domain>");
        editor.Remove(editor.Root.Element("devices")!.Element("hostdev")!);
        Assert.Equal("<domain>\n  <devices>\n    <!-- note -->\n  </devices>\n</domain>", editor.ToXml());
    }

    [Fact]
    public void OverlappingEdits_AreABug()
    {
        var editor = DomainEditor.Load("<domain>\n  <devices>\n    <hostdev managed='no'/>\n  </devices>\n</domain>");
        var hostdev = editor.Root.Element("devices")!.Element("hostdev")!;
        editor.Remove(hostdev);
        Assert.Throws<InvalidOperationException>(() => editor.SetAttribute(hostdev, "managed", "yes"));
    }
}
