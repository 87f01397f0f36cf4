using System.Net;

namespace Pravega.Perf.Client.Segments;

/// <summary>Finds the segment store that owns a segment (the controller's <c>getURI</c>, or a fixed endpoint).</summary>
public interface ISegmentEndpointResolver
{
    /// <summary>The endpoint of the store owning the segment's container.</summary>
    ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken);

    /// <summary>Forgets a cached answer after <c>WrongHost</c> or a connection failure.</summary>
    void Invalidate(string qualifiedSegmentName);
}

/// <summary>One segment store owns every container.</summary>
public sealed class FixedEndpointResolver(EndPoint endPoint) : ISegmentEndpointResolver
{
    public ValueTask<EndPoint> ResolveAsync(string qualifiedSegmentName, CancellationToken cancellationToken) => ValueTask.FromResult(endPoint);

    public void Invalidate(string qualifiedSegmentName)
    {
    }
}

/// <summary>Timeouts and the retry schedule of segment-store requests.</summary>
public sealed record SegmentStoreClientOptions
{
    /// <summary>How long one attempt waits for its reply.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of a request whose connection failed or that met <c>WrongHost</c>.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>First pause between attempts; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Connections per segment store, requests spread over them in turn (Pravega's client: up to 10). A store handles
    /// one connection's commands one after another, each answered once durable, so concurrent callers need several
    /// connections to share the store's group commits.
    /// </summary>
    public int ConnectionsPerStore { get; init; } = 8;

    /// <summary>
    /// A shared connection sends <c>KEEP_ALIVE</c> this often (Pravega's client: 20 s) and is dropped when nothing at
    /// all came back for two periods, so a request waiting on a store that vanished without closing the connection
    /// (a reader waiting at the tail, say) is retried on a new one instead of waiting forever.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The delegation token sent with every request ("" while authentication is off).</summary>
    public string DelegationToken { get; init; } = "";
}

/// <summary>The scale type byte of the wire's <c>CreateSegment</c>.</summary>
public enum SegmentScaleType : byte
{
    NoScaling = 0,
    Throughput = 1,
    EventRate = 2,
}

/// <summary>The scaling policy a segment store measures a segment's rate under.</summary>
public readonly record struct SegmentPolicy(SegmentScaleType ScaleType, int TargetRate);

/// <summary>A segment's state (<c>StreamSegmentInfo</c>).</summary>
public sealed record SegmentInfo(string Segment, bool Exists, bool IsSealed, bool IsDeleted, long LastModified, long WriteOffset, long StartOffset);

/// <summary>Special table-key versions (Pravega's <c>TableKey</c>).</summary>
public static class TableVersions
{
    /// <summary>Unconditional.</summary>
    public const long NoVersion = long.MinValue;

    /// <summary>The key must not exist.</summary>
    public const long NotExists = -1;
}

/// <summary>One entry of a conditional table update.</summary>
public sealed record TableUpdate(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long ExpectedVersion);

/// <summary>One key of a table removal.</summary>
public sealed record TableRemoval(ReadOnlyMemory<byte> Key, long ExpectedVersion);

/// <summary>A value read from a table with its version.</summary>
public sealed record TableValue(ReadOnlyMemory<byte> Value, long Version);

/// <summary>An entry of an iterated table.</summary>
public sealed record TableEntryRecord(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Value, long Version);

/// <summary>A page of an iterated table: no entries means the end.</summary>
public sealed record TableEntryPage(IReadOnlyList<TableEntryRecord> Entries, ReadOnlyMemory<byte> ContinuationToken);

/// <summary>What one read returned: <see cref="Data"/> starts at <see cref="Offset"/>; <see cref="AtTail"/> when it reached
/// the segment's current length; <see cref="EndOfSegment"/> when the segment is sealed and nothing follows.</summary>
public sealed record SegmentReadResult(long Offset, ReadOnlyMemory<byte> Data, bool AtTail, bool EndOfSegment);
