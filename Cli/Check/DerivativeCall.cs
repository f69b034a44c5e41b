using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Differentiation;

namespace AutoDiff.Cli.Check
{
    /// <summary>
    /// One call of a derivative at a point, its arguments placed by the signature's roles: each
    /// primal parameter copied from the point, each shadow (a seed in reverse mode, a tangent in
    /// forward mode, one per lane in batch mode) made by the caller, <c>dret</c> last; and its
    /// result read back by role (primal, gradients, tangents), shadows read after the call.
    /// </summary>
    internal sealed class DerivativeCall
    {
        private readonly BoundDerivative _derivative;
        private readonly object?[] _arguments;
        private readonly object?[] _results;

        private DerivativeCall(BoundDerivative derivative, object?[] arguments, object?[] results)
        {
            _derivative = derivative;
            _arguments = arguments;
            _results = results;
        }

        /// <summary>
        /// Calls the derivative at <paramref name="point"/>; <paramref name="shadow"/> gives the
        /// scalars of the shadow of parameter j in lane l (a seed or a tangent), <paramref name="dret"/>
        /// the seed of the return value.
        /// </summary>
        public static DerivativeCall Run(BoundDerivative derivative, Point point, System.Func<int, int, double[]> shadow, double dret)
        {
            var parameters = derivative.Signature.Parameters;
            var arguments = new object?[parameters.Count];
            for (int k = 0; k < parameters.Count; k++)
            {
                var role = parameters[k];
                arguments[k] = role.Role switch
                {
                    ParameterRole.Primal => Values.Argument(derivative.Parameters[role.PrimalIndex], point.Values[role.PrimalIndex]),
                    ParameterRole.Shadow => Values.Argument(derivative.Parameters[role.PrimalIndex], shadow(role.PrimalIndex, role.Lane)),
                    ParameterRole.Seed => Values.Box(derivative.Return.Element!.Value, dret),
                    _ => throw new System.InvalidOperationException("an instance derivative is never bound"),
                };
            }
            var result = derivative.Derivative.Call(arguments);
            return new DerivativeCall(derivative, arguments, Values.Elements(result, derivative.Signature.Results.Count));
        }

        /// <summary>The primal value it returned; null when its result has none (void, ActiveOnly, DualOnly).</summary>
        public double? ReturnedPrimal => Result(ResultRole.Primal, -1, 0);

        /// <summary>Reverse mode: the gradient it returned for by-value parameter <paramref name="parameter"/>.</summary>
        public double Gradient(int parameter) => Result(ResultRole.Gradient, parameter, 0)!.Value;

        /// <summary>Forward mode: the tangent of the return value in lane <paramref name="lane"/>.</summary>
        public double ReturnTangent(int lane) => Result(ResultRole.Tangent, -1, lane)!.Value;

        /// <summary>What the shadow of <paramref name="parameter"/> in lane <paramref name="lane"/> holds after the call.</summary>
        public double[] ShadowAfter(int parameter, int lane) =>
            Values.Read(_arguments[Index(ParameterRole.Shadow, parameter, lane)]);

        /// <summary>What primal parameter <paramref name="parameter"/> holds after the call.</summary>
        public double[] PrimalAfter(int parameter) => Values.Read(_arguments[Index(ParameterRole.Primal, parameter, 0)]);

        private int Index(ParameterRole role, int parameter, int lane)
        {
            var parameters = _derivative.Signature.Parameters;
            for (int k = 0; k < parameters.Count; k++)
            {
                if (parameters[k].Role == role && parameters[k].PrimalIndex == parameter && parameters[k].Lane == lane) return k;
            }
            throw new KeyNotFoundException($"no {role} parameter for parameter {parameter}, lane {lane}");
        }

        private double? Result(ResultRole role, int parameter, int lane)
        {
            var results = _derivative.Signature.Results;
            for (int k = 0; k < results.Count; k++)
            {
                if (results[k].Role == role && (role != ResultRole.Gradient || results[k].PrimalIndex == parameter) && results[k].Lane == lane)
                {
                    return Values.ToDouble(_results[k]);
                }
            }
            return null;
        }

        /// <summary>The seed of each parameter in reverse mode: the weights of its output slots, zero elsewhere.</summary>
        public static System.Func<int, int, double[]> Seeds(BoundDerivative derivative, Point point, IReadOnlyList<Slot> outputs, double[] weights) =>
            (parameter, _) =>
            {
                var seed = new double[point.Values[parameter].Length];
                for (int o = 0; o < outputs.Count; o++)
                {
                    if (outputs[o].Parameter == parameter) seed[outputs[o].Element] = weights[o];
                }
                return seed;
            };

        /// <summary>The tangents of each parameter in forward mode: lane l is the unit vector of input slot <paramref name="directions"/>[l] (none when it is null).</summary>
        public static System.Func<int, int, double[]> UnitTangents(Point point, IReadOnlyList<Slot?> directions) =>
            (parameter, lane) =>
            {
                var tangent = new double[point.Values[parameter].Length];
                var direction = lane < directions.Count ? directions[lane] : null;
                if (direction is { } slot && slot.Parameter == parameter) tangent[slot.Element] = 1;
                return tangent;
            };

        /// <summary>The weight of the return value among the outputs; 0 when it is not one.</summary>
        public static double ReturnWeight(IReadOnlyList<Slot> outputs, double[] weights)
        {
            for (int o = 0; o < outputs.Count; o++)
            {
                if (outputs[o].IsReturn) return weights[o];
            }
            return 0;
        }

        /// <summary>Reverse mode: the gradient for each input slot (returned for a scalar, left in the shadow for memory).</summary>
        public double[] Gradients(IReadOnlyList<Slot> inputs) =>
            inputs.Select(s => _derivative.Parameters[s.Parameter].IsMemory ? ShadowAfter(s.Parameter, 0)[s.Element] : Gradient(s.Parameter)).ToArray();

        /// <summary>Forward mode: the tangent of each output slot in lane <paramref name="lane"/>.</summary>
        public double[] Tangents(IReadOnlyList<Slot> outputs, int lane) =>
            outputs.Select(s => s.IsReturn ? ReturnTangent(lane) : ShadowAfter(s.Parameter, lane)[s.Element]).ToArray();
    }
}
