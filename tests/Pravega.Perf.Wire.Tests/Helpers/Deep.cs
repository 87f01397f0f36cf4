using System.Buffers;
using System.Reflection;

namespace Pravega.Perf.Wire.Tests.Helpers;

/// <summary>Structural comparison of commands: public properties, arrays element-wise, blobs by content, strings by text.</summary>
internal static class Deep
{
    public static string? Difference(object? a, object? b, string path = "")
    {
        switch (a)
        {
            case null:
                return b is null ? null : $"{path}: null vs {b}";
            case WireString wa:
                return b is WireString wb && wa.Equals(wb) && wa.ToString() == wb.ToString() ? null : $"{path}: \"{wa}\" vs \"{b}\"";
            case ReadOnlySequence<byte> ra:
                return b is ReadOnlySequence<byte> rb && Bytes.SequenceEqual(ra, rb) ? null : $"{path}: blob differs";
            case Array aa:
                var ab = (Array)b!;
                if (aa.Length != ab.Length)
                {
                    return $"{path}: {aa.Length} vs {ab.Length} items";
                }
                for (var i = 0; i < aa.Length; i++)
                {
                    if (Difference(aa.GetValue(i), ab.GetValue(i), $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }
                return null;
        }
        var type = a.GetType();
        if (type.IsPrimitive || type.IsEnum || a is Pravega.Perf.Common.Uuid)
        {
            return a.Equals(b) ? null : $"{path}: {a} vs {b}";
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length == 0 && Difference(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}") is { } d)
            {
                return d;
            }
        }
        return null;
    }
}
