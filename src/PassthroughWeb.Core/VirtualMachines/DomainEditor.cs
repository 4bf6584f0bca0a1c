using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PassthroughWeb.Core.VirtualMachines;

/// <summary>
/// Edits domain XML as text, so everything the edit does not touch stays byte for byte: the declaration, comments,
/// attribute order and quotes, entity references, indentation and blank lines. The document is read once into an
/// <see cref="XDocument"/> to find elements; each edit is recorded against the original text (the source span of
/// the element, found with an <see cref="XmlReader"/>'s line information) and all are spliced in at the end. New
/// elements are written in the document's own style: its quote character, indentation unit and line ending.
/// </summary>
public sealed class DomainEditor
{
    private readonly string _text;
    private readonly Dictionary<XElement, ElementSpan> _spans = new(ReferenceEqualityComparer.Instance);
    private readonly List<Edit> _edits = [];
    private readonly char _quote;
    private readonly string _newline;
    private readonly string _unit;

    private DomainEditor(string text, XDocument document)
    {
        _text = text;
        Document = document;
        var elements = document.Descendants().ToList();
        var spans = ReadSpans(text);
        if (spans.Count != elements.Count) throw new InvalidOperationException("The XML reader and XDocument disagree on the number of elements.");
        for (var i = 0; i < elements.Count; i++) _spans[elements[i]] = spans[i];
        _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        _quote = FirstQuote(text, _spans[document.Root!]) ?? '\'';
        var firstChild = document.Root!.Elements().FirstOrDefault();
        var rootIndent = IndentOf(document.Root!) ?? "";
        var childIndent = firstChild is null ? null : IndentOf(firstChild);
        _unit = childIndent is not null && childIndent.Length > rootIndent.Length ? childIndent[rootIndent.Length..] : "  ";
    }

    /// <summary>The parsed document, to find the elements to edit. Do not change it: edits go through this editor.</summary>
    public XDocument Document { get; }

    public XElement Root => Document.Root!;

    /// <summary>Whether any edit was recorded.</summary>
    public bool HasEdits => _edits.Count > 0;

    /// <summary>Loads domain XML; throws <see cref="XmlException"/> when it is not well-formed.</summary>
    public static DomainEditor Load(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = XDocument.Parse(xml, LoadOptions.PreserveWhitespace);
        if (document.Root is null) throw new XmlException("The XML has no root element.");
        return new DomainEditor(xml, document);
    }

    /// <summary>Sets an attribute: its value is replaced in place (keeping its quotes), or it is added after the last attribute.</summary>
    public void SetAttribute(XElement element, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var span = SpanOf(element);
        var attributes = ReadAttributes(span);
        var index = attributes.Attributes.FindIndex(a => a.Name == name);
        if (index >= 0)
        {
            var existing = attributes.Attributes[index];
            if (element.Attribute(name)?.Value == value) return;
            Record(existing.ValueStart, existing.ValueEnd - existing.ValueStart, EscapeAttribute(value, existing.Quote));
            return;
        }
        Record(attributes.InsertAt, 0, $" {name}={_quote}{EscapeAttribute(value, _quote)}{_quote}");
    }

    /// <summary>Adds a child element, indented like its siblings, after <paramref name="after"/> (a child of the parent) or after the last child.</summary>
    public void AppendChild(XElement parent, XElement child, XElement? after = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        if (after is not null && after.Parent != parent) throw new ArgumentException("The anchor is not a child of the parent.", nameof(after));
        var span = SpanOf(parent);
        var parentIndent = IndentOf(parent) ?? "";
        var firstChild = parent.Elements().FirstOrDefault();
        var indent = (firstChild is null ? null : IndentOf(firstChild)) ?? parentIndent + _unit;
        var written = Write(child, indent);
        if (span.IsSelfClosing)
        {
            // <kvm/> becomes <kvm> CHILD </kvm>: replace "/>" (and blanks before it) by ">".
            var close = span.TagEnd - 2;
            var from = close;
            while (from > span.Start && char.IsWhiteSpace(_text[from - 1])) from--;
            Record(from, span.TagEnd - from, ">" + _newline + indent + written + _newline + parentIndent + "</" + span.QualifiedName + ">");
            return;
        }
        var anchor = after ?? parent.Elements().LastOrDefault();
        var at = anchor is null ? span.TagEnd : SpanOf(anchor).End;
        Record(at, 0, _newline + indent + written);
    }

    /// <summary>Removes an element, with the line it stood on when it stood alone on it.</summary>
    public void Remove(XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Parent is null) throw new ArgumentException("The root cannot be removed.", nameof(element));
        var span = SpanOf(element);
        var start = span.Start;
        if (IndentOf(element) is { } indent)
        {
            start -= indent.Length;
            if (start >= 2 && _text[start - 2] == '\r' && _text[start - 1] == '\n') start -= 2;
            else if (start >= 1 && _text[start - 1] is '\n' or '\r') start -= 1;
        }
        Record(start, span.End - start, "");
    }

    /// <summary>The edited XML: the original text with every recorded edit spliced in.</summary>
    public string ToXml()
    {
        var builder = new StringBuilder(_text);
        foreach (var edit in _edits.OrderByDescending(e => e.Offset).ThenByDescending(e => e.Sequence))
            builder.Remove(edit.Offset, edit.Length).Insert(edit.Offset, edit.Text);
        var result = builder.ToString();
        // The splice must give well-formed XML; anything else is a bug in an edit.
        try
        {
            XDocument.Parse(result, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw new InvalidOperationException("The edited domain XML is not well-formed: " + e.Message + "\n" + result, e);
        }
        return result;
    }

    private void Record(int offset, int length, string text)
    {
        foreach (var other in _edits)
        {
            var overlaps = length > 0 && other.Length > 0 && offset < other.Offset + other.Length && other.Offset < offset + length;
            if (overlaps) throw new InvalidOperationException("Two edits of the domain XML overlap.");
        }
        _edits.Add(new Edit(offset, length, text, _edits.Count));
    }

    private ElementSpan SpanOf(XElement element) =>
        _spans.TryGetValue(element, out var span) ? span : throw new ArgumentException("The element is not part of the loaded document.", nameof(element));

    /// <summary>The blanks before the element when nothing else precedes it on its line; null otherwise.</summary>
    private string? IndentOf(XElement element)
    {
        var start = SpanOf(element).Start;
        var i = start;
        while (i > 0 && _text[i - 1] is ' ' or '\t') i--;
        return i == 0 || _text[i - 1] is '\n' or '\r' ? _text[i..start] : null;
    }

    private string Write(XElement element, string indent)
    {
        var builder = new StringBuilder();
        builder.Append('<').Append(element.Name.LocalName);
        foreach (var attribute in element.Attributes())
            builder.Append(' ').Append(attribute.Name.LocalName).Append('=').Append(_quote).Append(EscapeAttribute(attribute.Value, _quote)).Append(_quote);
        var children = element.Elements().ToList();
        if (children.Count == 0 && element.Value.Length == 0) return builder.Append("/>").ToString();
        builder.Append('>');
        if (children.Count == 0) return builder.Append(EscapeText(element.Value)).Append("</").Append(element.Name.LocalName).Append('>').ToString();
        foreach (var child in children)
            builder.Append(_newline).Append(indent).Append(_unit).Append(Write(child, indent + _unit));
        return builder.Append(_newline).Append(indent).Append("</").Append(element.Name.LocalName).Append('>').ToString();
    }

    private static string EscapeAttribute(string value, char quote) =>
        EscapeText(value).Replace(quote.ToString(), quote == '\'' ? "&apos;" : "&quot;", StringComparison.Ordinal);

    private static string EscapeText(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private char? FirstQuote(string text, ElementSpan root)
    {
        var attributes = ReadAttributes(root).Attributes;
        return attributes.Count > 0 ? attributes[0].Quote : null;
    }

    private (List<AttributeSpan> Attributes, int InsertAt) ReadAttributes(ElementSpan span)
    {
        var list = new List<AttributeSpan>();
        var i = span.Start + 1 + span.QualifiedName.Length;
        var insertAt = i;
        while (i < span.TagEnd)
        {
            while (char.IsWhiteSpace(_text[i])) i++;
            if (_text[i] is '/' or '>') break;
            var nameStart = i;
            while (_text[i] != '=' && !char.IsWhiteSpace(_text[i])) i++;
            var name = _text[nameStart..i];
            while (_text[i] != '\'' && _text[i] != '"') i++;
            var quote = _text[i];
            var valueStart = i + 1;
            var valueEnd = _text.IndexOf(quote, valueStart);
            list.Add(new AttributeSpan(name, valueStart, valueEnd, quote));
            i = valueEnd + 1;
            insertAt = i;
        }
        return (list, insertAt);
    }

    /// <summary>Where each element starts and ends in the text, in document order (the order of <see cref="XContainer.Descendants()"/>).</summary>
    private static List<ElementSpan> ReadSpans(string text)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) lineStarts.Add(i + 1);
        }
        var spans = new List<ElementSpan>();
        var open = new Stack<int>();
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var info = (IXmlLineInfo)reader;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                var start = lineStarts[info.LineNumber - 1] + info.LinePosition - 2;
                if (text[start] != '<') throw new InvalidOperationException($"Element <{reader.Name}> was not found where the reader placed it.");
                var tagEnd = TagEnd(text, start);
                var index = spans.Count;
                spans.Add(new ElementSpan(start, tagEnd, reader.IsEmptyElement ? tagEnd : -1, reader.Name, reader.IsEmptyElement));
                if (!reader.IsEmptyElement) open.Push(index);
            }
            else if (reader.NodeType == XmlNodeType.EndElement)
            {
                var start = lineStarts[info.LineNumber - 1] + info.LinePosition - 3;
                if (text[start] != '<' || text[start + 1] != '/') throw new InvalidOperationException($"End of <{reader.Name}> was not found where the reader placed it.");
                var index = open.Pop();
                spans[index] = spans[index] with { End = text.IndexOf('>', start) + 1 };
            }
        }
        return spans;
    }

    private static int TagEnd(string text, int start)
    {
        char? quote = null;
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote) quote = null;
            }
            else if (c is '\'' or '"') quote = c;
            else if (c == '>') return i + 1;
        }
        throw new InvalidOperationException("A start tag does not end.");
    }

    private readonly record struct ElementSpan(int Start, int TagEnd, int End, string QualifiedName, bool IsSelfClosing);

    private readonly record struct AttributeSpan(string Name, int ValueStart, int ValueEnd, char Quote);

    private readonly record struct Edit(int Offset, int Length, string Text, int Sequence);
}
