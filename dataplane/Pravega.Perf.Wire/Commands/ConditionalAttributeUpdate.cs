using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>
/// An attribute update applied by MERGE_SEGMENTS.
/// <code>
/// uuid attributeId | int8 attributeUpdateType (1 = Replace, 4 = ReplaceIfEquals) | int64 newValue | int64 oldValue
/// </code>
/// </summary>
public readonly record struct ConditionalAttributeUpdate(Uuid AttributeId, byte AttributeUpdateType, long NewValue, long OldValue)
{
    public const byte Replace = 1;
    public const byte ReplaceIfEquals = 4;

    internal const int Size = 16 + 1 + 8 + 8;

    internal static ConditionalAttributeUpdate Read(ref PayloadReader r) => new(
        r.ReadUuid("attributeUpdates.attributeId"),
        r.ReadByte("attributeUpdates.attributeUpdateType"),
        r.ReadInt64("attributeUpdates.newValue"),
        r.ReadInt64("attributeUpdates.oldValue"));

    internal void Write(ref PayloadWriter w)
    {
        w.WriteUuid(AttributeId);
        w.WriteByte(AttributeUpdateType);
        w.WriteInt64(NewValue);
        w.WriteInt64(OldValue);
    }
}
