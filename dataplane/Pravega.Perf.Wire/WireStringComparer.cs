namespace Pravega.Perf.Wire;

/// <summary>
/// Ordinal string comparer whose hash agrees with <see cref="WireString.GetHashCode"/>, with an alternate
/// comparer for <see cref="WireString"/>: <c>new Dictionary&lt;string, T&gt;(WireStringComparer.Instance)</c> and
/// then <c>dict.GetAlternateLookup&lt;WireString&gt;().TryGetValue(received, out …)</c> finds a received name
/// without turning it into a string.
/// </summary>
public sealed class WireStringComparer : IEqualityComparer<string>, IAlternateEqualityComparer<WireString, string>
{
    public static readonly WireStringComparer Instance = new();

    private WireStringComparer()
    {
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => WireString.HashChars(obj);

    public bool Equals(WireString alternate, string other) => alternate.Equals(other);

    public int GetHashCode(WireString alternate) => alternate.GetHashCode();

    public string Create(WireString alternate) => alternate.ToString();
}
