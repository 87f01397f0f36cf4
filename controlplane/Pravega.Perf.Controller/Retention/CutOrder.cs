namespace Pravega.Perf.Controller.Retention;

/// <summary>Where one StreamCut lies relative to another (Pravega's <c>StreamCutComparison</c>).</summary>
public enum CutOrder
{
    /// <summary>Nowhere after the other, and somewhere before it.</summary>
    Before,

    /// <summary>Nowhere before the other (equal included).</summary>
    EqualOrAfter,

    /// <summary>Before it for some keys and after it for others.</summary>
    Overlaps,
}
