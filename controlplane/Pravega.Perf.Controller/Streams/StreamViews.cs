using System.Collections.Concurrent;
using Pravega.Perf.Controller.Metadata;
using Pravega.Perf.Controller.Model;

namespace Pravega.Perf.Controller.Streams;

/// <summary>
/// The controller's memory of streams, rebuilt from the metadata tables on demand (a restarted controller starts
/// empty and loses nothing). A view older than <c>maxAge</c> is checked against the stored head record before use, so a
/// second controller's changes show within that time; this controller's own changes replace the view at once.
/// </summary>
public sealed class StreamViews(IMetadataStore store, TimeSpan maxAge)
{
    private readonly ConcurrentDictionary<(string Scope, string Stream), StreamView> _views = new();

    /// <summary>The stream's view, or null when the stream has no head record (never created, or deleted).</summary>
    public async Task<StreamView?> GetAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        if (_views.TryGetValue((scope, stream), out var view) && Environment.TickCount64 - view.LoadedAt < maxAge.TotalMilliseconds)
        {
            return view;
        }
        return await LoadAsync(scope, stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the head record again and returns the fresh view (reusing cached epochs, which never change).</summary>
    public async Task<StreamView?> LoadAsync(string scope, string stream, CancellationToken cancellationToken)
    {
        var table = MetadataTables.Stream(scope, stream);
        var head = await store.GetAsync<StreamHead>(table, MetadataTables.HeadKey, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            _views.TryRemove((scope, stream), out _);
            return null;
        }
        _views.TryGetValue((scope, stream), out var cached);
        var epochs = new List<EpochRecord>(head.Value.CurrentEpoch + 1);
        for (var e = 0; e <= head.Value.CurrentEpoch; e++)
        {
            if (cached is not null && e < cached.Epochs.Count)
            {
                epochs.Add(cached.Epochs[e]);
                continue;
            }
            var epoch = await store.GetAsync<EpochRecord>(table, MetadataTables.EpochKey(e), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"stream {scope}/{stream}: epoch record {e} is missing");
            epochs.Add(epoch.Value);
        }
        var view = new StreamView(scope, stream, head.Value, head.Version, epochs, Environment.TickCount64);
        _views[(scope, stream)] = view;
        return view;
    }

    /// <summary>Replaces the view after this controller wrote a new head (and, for a scale or a roll, the new epochs in order).</summary>
    public StreamView Update(StreamView previous, StreamHead head, long headVersion, IReadOnlyList<EpochRecord>? newEpochs = null)
    {
        var epochs = previous.Epochs.Take(head.CurrentEpoch + 1).ToList();
        foreach (var epoch in newEpochs ?? [])
        {
            if (epoch.Epoch == epochs.Count)
            {
                epochs.Add(epoch);
            }
        }
        var view = new StreamView(previous.Scope, previous.Stream, head, headVersion, epochs, Environment.TickCount64);
        _views[(previous.Scope, previous.Stream)] = view;
        return view;
    }

    /// <summary>Forgets a stream (deleted).</summary>
    public void Evict(string scope, string stream) => _views.TryRemove((scope, stream), out _);
}
