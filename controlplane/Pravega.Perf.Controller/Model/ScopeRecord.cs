namespace Pravega.Perf.Controller.Model;

/// <summary>A scope as stored in the scopes table.</summary>
public sealed record ScopeRecord(long CreationTime, bool Deleting = false);

/// <summary>A stream's entry in its scope's stream list (present from the first step of its creation to the last of its deletion).</summary>
public sealed record StreamListing(long CreationTime);
