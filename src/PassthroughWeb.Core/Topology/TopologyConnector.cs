namespace PassthroughWeb.Core.Topology;

/// <summary>The line from a parent down its left side and across to a child: (X1,Y1) down to (X1,Y2), then to (X2,Y2).</summary>
public sealed record TopologyConnector(string ChildId, double X1, double Y1, double Y2, double X2, bool Inferred);
