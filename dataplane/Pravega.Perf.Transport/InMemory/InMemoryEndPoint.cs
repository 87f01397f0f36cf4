using System.Net;

namespace Pravega.Perf.Transport.InMemory;

/// <summary>The address of an <see cref="InMemoryConnectionListener"/>: just a name.</summary>
public sealed class InMemoryEndPoint : EndPoint
{
    public InMemoryEndPoint(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public override string ToString() => "inmemory:" + Name;
}
