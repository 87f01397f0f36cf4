using System.Collections.Concurrent;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// The correctness check of a run, from the sequence numbers consumers read: every acknowledged event read exactly
/// once, and each producer's events under one key in the order written (what a routing key promises on every
/// driver). An event that arrives after a later one of its key is a reorder, not a gap; one read twice, a duplicate.
/// </summary>
internal sealed class SequenceVerdict
{
    private readonly ConcurrentDictionary<long, KeyState> _keys = new();
    private long _read;
    private long _malformed;

    public long Read => Interlocked.Read(ref _read);

    /// <summary>Notes one event read (thread-safe; consumers of different keys do not contend).</summary>
    public void Observe(EventHeader header)
    {
        Interlocked.Increment(ref _read);
        var state = _keys.GetOrAdd(Id(header.Producer, header.Key), static _ => new KeyState());
        lock (state)
        {
            state.Observe(header.Sequence);
        }
    }

    /// <summary>Notes an event too short to carry a header (never written by this harness).</summary>
    public void ObserveMalformed()
    {
        Interlocked.Increment(ref _read);
        Interlocked.Increment(ref _malformed);
    }

    /// <summary>
    /// The verdict against what was written: <paramref name="written"/> maps (producer, key) to the number of events
    /// the producer wrote under that key (sequence numbers 0 .. n-1), all of them acknowledged when
    /// <paramref name="writeErrors"/> is 0.
    /// </summary>
    public Verdict Judge(IReadOnlyDictionary<(int Producer, int Key), long> written, long writeErrors)
    {
        long duplicates = 0, gaps = 0, reorders = 0;
        foreach (var ((producer, key), count) in written)
        {
            if (!_keys.TryGetValue(Id(producer, key), out var state))
            {
                gaps += count;
                continue;
            }
            lock (state)
            {
                duplicates += state.Duplicates;
                reorders += state.Reorders;
                // Skipped numbers never read, then the written tail never read.
                gaps += state.Missing.Count + Math.Max(0, count - state.Next);
            }
        }
        var total = written.Values.Sum();
        foreach (var (id, state) in _keys)
        {
            if (!written.ContainsKey(((int)(id >> 32), (int)id)))
            {
                lock (state)
                {
                    // Read but never written: counted as duplicates of nothing.
                    duplicates += state.Next;
                }
            }
        }
        duplicates += Interlocked.Read(ref _malformed);
        var ok = writeErrors == 0 && duplicates == 0 && gaps == 0 && reorders == 0 && Read == total;
        return new Verdict(ok, total, Read, duplicates, gaps, reorders);
    }

    private static long Id(int producer, int key) => ((long)producer << 32) | (uint)key;

    private sealed class KeyState
    {
        /// <summary>One past the highest sequence number read.</summary>
        public long Next;

        /// <summary>Numbers below <see cref="Next"/> not read yet: a later arrival is a reorder, no arrival a gap.</summary>
        public readonly HashSet<long> Missing = [];

        public long Duplicates;

        public long Reorders;

        public void Observe(long sequence)
        {
            if (sequence == Next)
            {
                Next++;
            }
            else if (sequence > Next)
            {
                for (var s = Next; s < sequence; s++)
                {
                    Missing.Add(s);
                }
                Next = sequence + 1;
            }
            else if (Missing.Remove(sequence))
            {
                Reorders++;
            }
            else
            {
                Duplicates++;
            }
        }
    }
}

/// <summary>The correctness verdict of a run (<c>result.json</c>'s <c>verdict</c>).</summary>
internal sealed record Verdict(bool Ok, long Written, long Read, long Duplicates, long Gaps, long Reorders);
