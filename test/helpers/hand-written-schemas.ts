/**
 * AIS-NET-002's check as it was written by hand before `fields` (the scale set model's every NIC
 * configuration enables accelerated networking), and the `fields` path that replaced it: tests
 * hold the two to the same behaviour.
 */
export const NIC_CONFIGURATIONS_PATH = 'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[*].properties.enableAcceleratedNetworking';

export const NIC_CONFIGURATIONS_HAND_WRITTEN = {
  required: ['properties'],
  properties: {
    properties: {
      required: ['virtualMachineProfile'],
      properties: {
        virtualMachineProfile: {
          required: ['networkProfile'],
          properties: {
            networkProfile: {
              required: ['networkInterfaceConfigurations'],
              properties: {
                networkInterfaceConfigurations: {
                  type: 'array',
                  items: { required: ['properties'], properties: { properties: { required: ['enableAcceleratedNetworking'], properties: { enableAcceleratedNetworking: { const: true } } } } },
                },
              },
            },
          },
        },
      },
    },
  },
};
