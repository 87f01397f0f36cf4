using Pravega.Perf.SegmentStore.Contracts.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

public sealed partial class FileSystemChunkStorage
{
    private volatile bool _chunksDirectoryExists;

    /// <inheritdoc />
    public ValueTask WriteAsync(string segmentName, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        GuardVoid(segmentName, () => WithState(segmentName, s =>
        {
            WriteCore(s, offset, data.Span);
            return true;
        }), cancellationToken);

    /// <inheritdoc />
    public ValueTask SealAsync(string segmentName, CancellationToken cancellationToken = default) =>
        GuardVoid(segmentName, () => WithState(segmentName, s =>
        {
            var record = Own(s);
            if (record.IsSealed)
            {
                return true;
            }
            Commit(s, record, record.Next(Epoch) with { IsSealed = true });
            s.CloseActive();
            if (record.Chunks.Length > 0)
            {
                TryCompress(s, record.Chunks[^1].Name);
            }
            return true;
        }), cancellationToken);

    /// <summary>
    /// Appends in three steps: write the bytes into the active chunk and into as many new chunks as rollover needs,
    /// sync them all, then commit one metadata version that covers them. One commit per call makes the call atomic.
    /// </summary>
    private void WriteCore(SegmentState s, long offset, ReadOnlySpan<byte> data)
    {
        var record = Own(s);
        if (record.IsSealed)
        {
            throw new StreamSegmentSealedException(s.Name);
        }
        if (offset != record.Length)
        {
            throw new BadOffsetException(s.Name, offset, record.Length);
        }
        if (data.IsEmpty)
        {
            return;
        }
        if (!_chunksDirectoryExists)
        {
            _fs.CreateDirectory(_paths.ChunksDirectory);
            _chunksDirectoryExists = true;
        }
        var chunks = record.Chunks.ToBuilder();
        var created = new List<(string Name, ChunkAppender Appender)>();
        var active = ActiveAppenderFor(s, record);
        var appendedToActive = false;
        var position = record.Length;
        try
        {
            while (!data.IsEmpty)
            {
                if (active is null || chunks[^1].Length >= _options.MaxChunkLength)
                {
                    var name = ChunkName.Create(s.Name, Epoch, position);
                    active = _appenders.CreateNew(_paths.ChunkPath(name));
                    created.Add((name, active));
                    chunks.Add(new ChunkRecord(name, position, 0, IsCompressed: false));
                }
                var last = chunks[^1];
                var n = (int)Math.Min(data.Length, _options.MaxChunkLength - last.Length);
                active.Write(last.Length, data[..n]);
                appendedToActive |= created.Count == 0;
                chunks[^1] = last with { Length = last.Length + n };
                position += n;
                data = data[n..];
            }
            if (appendedToActive)
            {
                s.ActiveAppender!.DataSync();
            }
            foreach (var (_, appender) in created)
            {
                // A full fsync: the chunk's name must be as durable as its bytes before metadata names it.
                appender.FullSync();
            }
            Commit(s, record, record.Next(Epoch) with { Length = position, Chunks = chunks.ToImmutable() });
        }
        catch
        {
            foreach (var (name, appender) in created)
            {
                appender.Dispose();
                DeleteQuietly(_paths.ChunkPath(name));
            }
            throw;
        }
        if (created.Count == 0)
        {
            return;
        }
        var closed = new List<string>();
        if (s.ActiveChunk is not null)
        {
            closed.Add(s.ActiveChunk);
        }
        s.CloseActive();
        for (var i = 0; i < created.Count - 1; i++)
        {
            created[i].Appender.Dispose();
            closed.Add(created[i].Name);
        }
        s.ActiveAppender = created[^1].Appender;
        s.ActiveChunk = created[^1].Name;
        foreach (var name in closed)
        {
            TryCompress(s, name);
        }
    }

    /// <summary>The appender of the last chunk, or null when that is not a chunk this instance may append to.</summary>
    private static ChunkAppender? ActiveAppenderFor(SegmentState s, SegmentRecord record)
    {
        if (s.ActiveAppender is null || record.Chunks.Length == 0 || record.Chunks[^1].Name != s.ActiveChunk || record.Chunks[^1].IsCompressed)
        {
            s.CloseActive();
            return null;
        }
        return s.ActiveAppender;
    }

    /// <summary>Deletes a file whose deletion is only tidying: if it fails, reconciliation collects the file later.</summary>
    private void DeleteQuietly(string path)
    {
        try
        {
            _fs.DeleteFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for ReconcileAsync: an unreferenced chunk is an orphan it deletes.
        }
    }
}
