// SPDX-License-Identifier: GPL-2.0-or-later
// A pause handshake that deadlocks: the control thread holds the states mutex while it waits
// for the worker's acknowledgement; the worker, inside a trait-object device handler, blocks on
// the same mutex before it can acknowledge.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::Duration;

pub trait BusDevice: Send {
    fn read(&mut self, offset: u64, data: &mut [u8]);
}

pub struct WorkerState {
    acknowledged: Arc<AtomicBool>,
    selected: bool,
}

pub struct Manager {
    states: Arc<Mutex<Vec<WorkerState>>>,
}

pub struct HotplugController {
    states: Arc<Mutex<Vec<WorkerState>>>,
}

impl BusDevice for HotplugController {
    fn read(&mut self, offset: u64, data: &mut [u8]) {
        let states = self.states.lock().unwrap();
        data[0] = states[offset as usize].selected as u8;
    }
}

impl WorkerState {
    fn wait_until_acknowledged(&self) {
        while !self.acknowledged.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(1));
        }
    }
}

impl Manager {
    fn signal_workers(&self, entered: &Barrier) {
        let states = self.states.lock().unwrap();
        entered.wait();
        for state in states.iter() {
            state.wait_until_acknowledged();
        }
    }
}

fn main() {
    let ack = Arc::new(AtomicBool::new(false));
    let states = Arc::new(Mutex::new(vec![WorkerState { acknowledged: ack.clone(), selected: true }]));
    let manager = Manager { states: states.clone() };
    let mut device: Box<dyn BusDevice> = Box::new(HotplugController { states });
    let entered = Arc::new(Barrier::new(2));
    let e2 = entered.clone();
    let worker = thread::Builder::new()
        .name("vcpu0".into())
        .spawn(move || {
            e2.wait();
            let mut data = [0u8; 4];
            device.read(0, &mut data);
            ack.store(true, Ordering::SeqCst);
        })
        .unwrap();
    let control = thread::Builder::new()
        .name("vmm".into())
        .spawn(move || manager.signal_workers(&entered))
        .unwrap();
    println!("ready");
    worker.join().unwrap();
    control.join().unwrap();
}
