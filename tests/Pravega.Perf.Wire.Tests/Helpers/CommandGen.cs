using System.Buffers;
using System.Collections.Immutable;
using CsCheck;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire.Tests.Helpers;

/// <summary>
/// CsCheck generators for every command struct, built from its constructor's parameter types: integers over
/// their whole range, strings of any UTF-16 chars (NUL, surrogates, lone surrogates included), blobs, arrays of
/// nested structs. The two constraints of the format are respected: an empty table key carries no version, and
/// SEGMENTS_BATCH_MERGED has one offset per source.
/// </summary>
internal static class CommandGen
{
    private static readonly Gen<WireString> Strings = Gen.Char.Array[0, 24].Select(cs => new WireString(new string(cs)));

    private static readonly Gen<ReadOnlySequence<byte>> Blobs = Gen.Byte.Array[0, 48].Select(b => new ReadOnlySequence<byte>(b));

    private static readonly Gen<TableKey> Keys = Gen.Select(Gen.Byte.Array[0, 16], Gen.Long,
        (data, version) => new TableKey(new ReadOnlySequence<byte>(data), data.Length == 0 ? TableKey.NoVersion : version));

    public static Gen<IWireCommand> For(Type type)
    {
        if (type == typeof(Padding))
        {
            return Gen.Int[0, 300].Select(n => (IWireCommand)new Padding(n));
        }
        if (type == typeof(SegmentsBatchMerged))
        {
            return Gen.Select(Gen.Long, Gen.Select(Strings, Gen.Long).Array[0, 5], Strings,
                (rid, pairs, target) => (IWireCommand)new SegmentsBatchMerged(rid, target, [.. pairs.Select(p => p.Item1)], [.. pairs.Select(p => p.Item2)]));
        }
        return Construct(type).Select(o => (IWireCommand)o);
    }

    private static Gen<object> Construct(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null)
        {
            return Gen.Const(Activator.CreateInstance(type)!);
        }
        var acc = Gen.Const(ImmutableList<object>.Empty);
        foreach (var p in ctor.GetParameters())
        {
            var g = Of(p.ParameterType);
            acc = acc.SelectMany(list => g.Select(v => list.Add(v)));
        }
        return acc.Select(args => ctor.Invoke([.. args]));
    }

    private static Gen<object> Of(Type t)
    {
        if (t == typeof(long))
        {
            return Gen.Long.Select(v => (object)v);
        }
        if (t == typeof(int))
        {
            return Gen.Int.Select(v => (object)v);
        }
        if (t == typeof(byte))
        {
            return Gen.Byte.Select(v => (object)v);
        }
        if (t == typeof(bool))
        {
            return Gen.Bool.Select(v => (object)v);
        }
        if (t == typeof(Uuid))
        {
            return Gen.Select(Gen.Long, Gen.Long, (m, l) => (object)new Uuid(m, l));
        }
        if (t == typeof(WireString))
        {
            return Strings.Select(v => (object)v);
        }
        if (t == typeof(ReadOnlySequence<byte>))
        {
            return Blobs.Select(v => (object)v);
        }
        if (t == typeof(TableKey))
        {
            return Keys.Select(v => (object)v);
        }
        if (t.IsArray)
        {
            var element = t.GetElementType()!;
            return Of(element).Array[0, 4].Select(items =>
            {
                var array = Array.CreateInstance(element, items.Length);
                for (var i = 0; i < items.Length; i++)
                {
                    array.SetValue(items[i], i);
                }
                return (object)array;
            });
        }
        return Construct(t);
    }
}
