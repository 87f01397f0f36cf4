namespace Pravega.Perf.Client.Streams;

/// <summary>
/// A stream by scope and name (Pravega's <c>Stream</c>; named so that it does not collide with <see cref="System.IO.Stream"/>).
/// </summary>
public sealed record ScopedStream(string Scope, string Name)
{
    /// <summary><c>scope/name</c>.</summary>
    public string ScopedName => $"{Scope}/{Name}";

    public override string ToString() => ScopedName;
}
