namespace Pravega.Perf.Controller.Watermarks;

/// <summary>A stream the watermark job visits (a record of the <c>watermarkStreams</c> table).</summary>
public sealed record WatermarkStream(string Scope, string Stream)
{
    /// <summary>Its key in the table (names cannot hold '/').</summary>
    public string Key => $"{Scope}/{Stream}";
}
