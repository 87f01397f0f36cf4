namespace Pravega.Perf.SegmentStore.Contracts.Attributes;

/// <summary>How an <see cref="AttributeUpdate"/> changes an attribute; the numeric values are Pravega's.</summary>
public enum AttributeUpdateType : byte
{
    /// <summary>Sets the value only if the attribute has none yet; otherwise the update fails.</summary>
    None = 0,

    /// <summary>Sets the value unconditionally.</summary>
    Replace = 1,

    /// <summary>Sets the value only if it is greater than the current one (or there is none); otherwise fails.</summary>
    ReplaceIfGreater = 2,

    /// <summary>Adds the value to the current one (absent counts as 0).</summary>
    Accumulate = 3,

    /// <summary>Compare-and-set: sets the value only if the current one equals
    /// <see cref="AttributeUpdate.ComparisonValue"/> (<see cref="SegmentAttributes.NullValue"/> = absent).</summary>
    ReplaceIfEquals = 4,
}
