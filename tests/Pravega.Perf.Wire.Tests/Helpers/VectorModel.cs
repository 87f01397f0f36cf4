using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire.Tests.Helpers;

/// <summary>
/// Maps the listed fields of a golden vector onto our command structs: builds a command from them (through
/// its constructor, whose parameters are named like the vector's fields) and reads a decoded command's value
/// for a field path such as "entries[1].key.keyVersion". Length and count fields are derived values (the
/// length of the blob or array they describe), so they are checked against those.
/// </summary>
internal static class VectorModel
{
    private static readonly Dictionary<string, string> CountFields = new()
    {
        ["chunkCount"] = "Chunks",
        ["attributeUpdateCount"] = "AttributeUpdates",
        ["versionCount"] = "UpdatedVersions",
        ["sourceCount"] = "SourceSegmentIds",
        ["keyCount"] = "Keys",
        ["entryCount"] = "Entries",
        ["count"] = "Sources",
    };

    public static Type CommandStruct(string name)
    {
        var type = WireCommandTypes.All.Single(t => WireCommandTypes.GetName(t) == name);
        return typeof(Hello).Assembly.GetType($"{typeof(Hello).Namespace}.{type}")
            ?? throw new InvalidOperationException($"no struct for {name}");
    }

    public static WireCommandType CommandType(string name) => WireCommandTypes.All.Single(t => WireCommandTypes.GetName(t) == name);

    /// <summary>The payload bytes the listed fields stand for, written out in order (used for APPEND_BLOCK's block data).</summary>
    public static byte[] Serialize(IEnumerable<VectorField> fields)
    {
        var bytes = new List<byte>();
        foreach (var f in fields)
        {
            switch (f.Kind)
            {
                case "int32":
                    var i32 = new byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(i32, (int)f.Integer);
                    bytes.AddRange(i32);
                    break;
                case "int64":
                    var i64 = new byte[8];
                    BinaryPrimitives.WriteInt64BigEndian(i64, f.Integer);
                    bytes.AddRange(i64);
                    break;
                case "bytes":
                case "zeros":
                    bytes.AddRange(f.Bytes);
                    break;
                default:
                    throw new InvalidOperationException($"cannot serialize {f.Kind} field {f.Path}");
            }
        }
        return [.. bytes];
    }

    public static IWireCommand Build(CommandVector vector)
    {
        var type = CommandStruct(vector.Name);
        if (type == typeof(AppendBlock))
        {
            var writer = vector.Fields[0];
            return new AppendBlock(Uuid.Parse(writer.ValueText.Split(' ')[0]), new ReadOnlySequence<byte>(Serialize(vector.Fields.Skip(1))));
        }
        var root = Node.From(vector.Fields);
        return (IWireCommand)Build(type, root, vector.Name);
    }

    private static object Build(Type type, Node? node, string path)
    {
        if (type == typeof(ReadOnlySequence<byte>))
        {
            var leaf = node?.Leaf ?? node?.Child("data")?.Leaf;
            return new ReadOnlySequence<byte>(leaf?.Bytes ?? []);
        }
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var items = node?.Items ?? [];
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(Build(element, items[i], $"{path}[{i}]"), i);
            }
            return array;
        }
        if (node is null)
        {
            throw new InvalidOperationException($"{path}: no listed value");
        }
        if (node.Leaf is { } f)
        {
            return type switch
            {
                _ when type == typeof(long) => f.Integer,
                _ when type == typeof(int) => (int)f.Integer,
                _ when type == typeof(byte) => (byte)f.Integer,
                _ when type == typeof(bool) => f.Boolean,
                _ when type == typeof(Uuid) => Uuid.Parse(f.ValueText.Split(' ')[0]),
                _ when type == typeof(WireString) => new WireString(f.Text),
                _ => throw new InvalidOperationException($"{path}: cannot build {type.Name} from a {f.Kind}"),
            };
        }
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null)
        {
            return Activator.CreateInstance(type)!;
        }
        var args = ctor.GetParameters().Select(p => BuildParameter(type, p, node, path)).ToArray();
        return ctor.Invoke(args);
    }

    private static object BuildParameter(Type owner, ParameterInfo p, Node node, string path)
    {
        var name = p.Name!;
        var child = node.Child(name)
            ?? (name.Equals("eventData", StringComparison.OrdinalIgnoreCase) ? node.Child("event") : null)
            ?? (owner == typeof(Padding) ? node.Child("padding") : null);
        if (child is null && owner == typeof(TableKey) && name == "keyVersion")
        {
            // An empty key is written without its version.
            return TableKey.NoVersion;
        }
        return Build(p.ParameterType, child, $"{path}.{name}");
    }

    /// <summary>The decoded value a field path designates (a derived value for lengths and counts).</summary>
    public static object Resolve(object command, string path)
    {
        object current = command;
        var segments = path.Split('.');
        for (var s = 0; s < segments.Length; s++)
        {
            var segment = segments[s];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            int? index = bracket < 0 ? null : int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            current = Step(current, name);
            if (index is { } i)
            {
                current = ((Array)current).GetValue(i)!;
            }
        }
        return current;
    }

    private static object Step(object current, string name)
    {
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        var property = current.GetType().GetProperty(pascal);
        if (property is not null && current is not ReadOnlySequence<byte>)
        {
            return property.GetValue(current)!;
        }
        switch (current)
        {
            case ReadOnlySequence<byte> blob:
                return name switch
                {
                    "payloadLength" => 4 + blob.Length,
                    "dataLength" or "length" => blob.Length,
                    "data" => blob,
                    "type" => 0,
                    _ => throw new InvalidOperationException($"no field {name} in a blob"),
                };
            case TableKey key when name == "payloadLength":
                return 4 + key.Data.Length + 8;
        }
        if (name == "event" && current.GetType().GetProperty("EventData") is { } eventData)
        {
            return eventData.GetValue(current)!;
        }
        if (name == "padding" && current is Padding padding)
        {
            return padding.Length;
        }
        if (name == "prefixFilterLength")
        {
            return 0;
        }
        if (CountFields.TryGetValue(name, out var arrayName) && current.GetType().GetProperty(arrayName) is { } array)
        {
            return ((Array)array.GetValue(current)!).Length;
        }
        if (name.EndsWith("Length", StringComparison.Ordinal)
            && current.GetType().GetProperty(char.ToUpperInvariant(name[0]) + name[1..^6]) is { } sibling)
        {
            return sibling.GetValue(current) switch
            {
                ReadOnlySequence<byte> b => b.Length,
                WireString w => w.EncodedLength,
                var other => throw new InvalidOperationException($"{name}: sibling is {other?.GetType().Name}"),
            };
        }
        throw new InvalidOperationException($"{current.GetType().Name} has no field {name}");
    }

    /// <summary>The listed fields as a tree: "entries[0].key.data" becomes entries → item 0 → key → data.</summary>
    private sealed class Node
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.OrdinalIgnoreCase);

        public VectorField? Leaf { get; private set; }

        public List<Node>? Items { get; private set; }

        public Node? Child(string name) => _children.GetValueOrDefault(name);

        public static Node From(IEnumerable<VectorField> fields)
        {
            var root = new Node();
            foreach (var field in fields)
            {
                var node = root;
                foreach (var segment in field.Path.Split('.'))
                {
                    var bracket = segment.IndexOf('[', StringComparison.Ordinal);
                    var name = bracket < 0 ? segment : segment[..bracket];
                    if (!node._children.TryGetValue(name, out var next))
                    {
                        next = new Node();
                        node._children[name] = next;
                    }
                    node = next;
                    if (bracket >= 0)
                    {
                        var index = int.Parse(segment[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                        node.Items ??= [];
                        while (node.Items.Count <= index)
                        {
                            node.Items.Add(new Node());
                        }
                        node = node.Items[index];
                    }
                }
                node.Leaf = field;
            }
            return root;
        }
    }
}
