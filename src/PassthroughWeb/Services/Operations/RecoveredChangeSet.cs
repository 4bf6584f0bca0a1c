using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Services.Operations;

/// <summary>A change set a crash had left incomplete, now finished; <see cref="Summary"/> is the sentence the history records.</summary>
public sealed record RecoveredChangeSet(Guid ChangeSetId, string Host, ChangeSetState State, IReadOnlyList<string> RestoredFiles, string Summary);
