namespace Pravega.Perf.Controller.Tests.Fakes;

/// <summary>A clock that moves only when a test says so.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualTime()
        : this(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
